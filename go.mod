module github.com/elasticio/gotowebinar-component

go 1.26.0

require (
	github.com/rabbitmq/amqp091-go v1.16.0 // indirect
	github.com/sirupsen/logrus v1.10.2 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	go.uber.org/goleak v1.3.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/oauth2 v0.38.0 // indirect
	golang.org/x/sys v0.13.0 // indirect
)
