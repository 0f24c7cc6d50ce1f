package platform

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"

	"github.com/sirupsen/logrus"
)

// Object-storage defaults, as in the platform's maester client.
const (
	// DefaultObjectRetries is the number of retries after the first attempt.
	DefaultObjectRetries = 2
	// DefaultObjectAttemptTimeout bounds one object-storage attempt.
	DefaultObjectAttemptTimeout = 10 * time.Second

	objectBaseDelay = 100 * time.Millisecond
	objectMaxDelay  = 15 * time.Second
	objectJitter    = 0.2
)

// ObjectStorage stores and fetches the externalised bodies of lightweight
// messages in the platform's object storage ("maester"). Bodies are opaque
// bytes: the caller encrypts before Put and decrypts after Get. It is safe
// for concurrent use.
type ObjectStorage struct {
	base      string
	token     string
	requestID string
	retries   int
	doer      *doer
}

// objectOptions collects what ObjectStorageOptions set.
type objectOptions struct {
	retries int
	timeout time.Duration
	sleep   SleepFunc
	log     *logrus.Entry
}

// ObjectStorageOption adjusts an ObjectStorage at construction.
type ObjectStorageOption func(*objectOptions)

// WithObjectRetries sets how many times a failed call is retried (default
// 2; REQUEST_MAX_RETRY). Negative values mean no retry.
func WithObjectRetries(n int) ObjectStorageOption {
	return func(o *objectOptions) { o.retries = max(0, n) }
}

// WithObjectAttemptTimeout sets the per-attempt deadline (default 10 s;
// REQUEST_TIMEOUT).
func WithObjectAttemptTimeout(d time.Duration) ObjectStorageOption {
	return func(o *objectOptions) {
		if d > 0 {
			o.timeout = d
		}
	}
}

// WithObjectSleep replaces the wait between attempts (for tests).
func WithObjectSleep(fn SleepFunc) ObjectStorageOption {
	return func(o *objectOptions) {
		if fn != nil {
			o.sleep = fn
		}
	}
}

// WithObjectLogger sets the logger for retry warnings (default discards).
func WithObjectLogger(l *logrus.Entry) ObjectStorageOption {
	return func(o *objectOptions) {
		if l != nil {
			o.log = l
		}
	}
}

// NewObjectStorage returns a client for the object storage at baseURL
// (OBJECT_STORAGE_URI) authenticated with token (OBJECT_STORAGE_TOKEN, sent
// verbatim as a Bearer token). httpClient nil means DefaultHTTPClient().
// flowID and stepID go into the x-request-id header.
func NewObjectStorage(baseURL, token string, httpClient *http.Client, flowID, stepID string, opts ...ObjectStorageOption) (*ObjectStorage, error) {
	base, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("platform: new object storage: %w", err)
	}
	if token == "" {
		return nil, fmt.Errorf("platform: new object storage: token is missing")
	}
	o := objectOptions{
		retries: DefaultObjectRetries,
		timeout: DefaultObjectAttemptTimeout,
		sleep:   sleepContext,
		log:     discardLogger(),
	}
	for _, opt := range opts {
		opt(&o)
	}
	return &ObjectStorage{
		base:      base,
		token:     token,
		requestID: fmt.Sprintf("f:%s;s:%s;m:", flowID, stepID),
		retries:   o.retries,
		doer: &doer{
			http:    withoutRedirects(httpClient),
			timeout: o.timeout,
			sleep:   o.sleep,
			log:     o.log,
			redact:  newRedactor(token),
		},
	}, nil
}

// Put uploads ciphertext with POST {base}/objects and returns the object id
// from the {"objectId": ...} answer. The body is a byte slice rather than a
// stream so that a retried attempt can resend it.
func (s *ObjectStorage) Put(ctx context.Context, ciphertext []byte) (string, error) {
	const op = "put object"
	if ciphertext == nil {
		ciphertext = []byte{}
	}
	header := s.header()
	header.Set("Content-Type", "application/json")
	body, err := s.doer.do(ctx, call{
		op:     op,
		method: http.MethodPost,
		url:    s.base + "/objects",
		body:   ciphertext,
		header: header,
		limit:  defaultBodyLimit,
		accept: isSuccess,
	}, s.policy())
	if err != nil {
		return "", err
	}
	var answer struct {
		ObjectID string `json:"objectId"`
	}
	if err := json.Unmarshal(body, &answer); err != nil || answer.ObjectID == "" {
		return "", fmt.Errorf("platform: %s: response has no objectId", op)
	}
	return answer.ObjectID, nil
}

// Get downloads an object with GET {base}/objects/{id}. Objects larger than
// 32 MiB are refused with ErrBodyTooLarge; a missing (for instance expired)
// object is an *APIError with StatusCode 404.
func (s *ObjectStorage) Get(ctx context.Context, id string) ([]byte, error) {
	const op = "get object"
	if id == "" {
		return nil, fmt.Errorf("platform: %s: object id is required", op)
	}
	return s.doer.do(ctx, call{
		op:     op,
		method: http.MethodGet,
		url:    s.base + "/objects/" + url.PathEscape(id),
		header: s.header(),
		limit:  objectBodyLimit,
		accept: isSuccess,
	}, s.policy())
}

// header returns the headers of every object-storage request.
func (s *ObjectStorage) header() http.Header {
	return http.Header{
		"Authorization": {"Bearer " + s.token},
		"X-Request-Id":  {s.requestID},
	}
}

// policy retries with exponential back-off: 100 ms·2^(n-1) plus up to 20 %
// jitter, capped at 15 s.
func (s *ObjectStorage) policy() policy {
	return policy{attempts: 1 + s.retries, delay: objectDelay}
}

// objectDelay is the wait before retry n (n >= 1).
func objectDelay(n int) time.Duration {
	d := objectBaseDelay << min(n-1, 20)
	d += time.Duration(rand.Float64() * objectJitter * float64(d))
	return min(d, objectMaxDelay)
}
