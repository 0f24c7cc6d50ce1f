package fake

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func keysOf(s *Server) []int64 {
	var keys []int64
	for _, o := range s.Organizers() {
		keys = append(keys, o.Key, o.AccountKey)
		for _, w := range s.Webinars(o.Key) {
			keys = append(keys, w.Key)
			for _, r := range s.Registrants(w.Key) {
				keys = append(keys, r.Key)
			}
		}
	}
	return keys
}

func TestSeedIsDeterministic(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 10, 30, 0, 0, time.UTC)
	fixed := func() time.Time { return now }
	a, b := New(Options{Seed: 7, Now: fixed}), New(Options{Seed: 7, Now: fixed})
	assert.Equal(t, keysOf(a), keysOf(b))
	assert.NotEqual(t, keysOf(a), keysOf(New(Options{Seed: 8, Now: fixed})))

	main := a.MainOrganizer()
	webinars := a.Webinars(main.Key)
	assert.Greater(t, len(webinars), 200)
	var past, future, manual, series, sequence, questions int
	for _, w := range webinars {
		if w.ended(now) {
			past++
		} else {
			future++
		}
		if w.ApprovalType == "MANUAL" {
			manual++
		}
		switch w.RecurrenceType {
		case "series":
			series++
		case "sequence":
			sequence++
		}
		if len(w.Questions) > 0 {
			questions++
		}
		assert.GreaterOrEqual(t, w.Key, minKey, "19-digit keys above 2^53")
	}
	assert.Positive(t, past)
	assert.Positive(t, future)
	assert.Positive(t, manual)
	assert.GreaterOrEqual(t, series, 2)
	assert.Equal(t, 2, sequence)
	assert.Positive(t, questions)

	a.Seed(8)
	assert.Equal(t, keysOf(New(Options{Seed: 8, Now: fixed})), keysOf(a), "Seed resets to the new data set")
}

func TestNoSeedDataKeepsOrganizers(t *testing.T) {
	t.Parallel()
	s := New(Options{NoSeedData: true})
	require.Len(t, s.Organizers(), 2)
	assert.Empty(t, s.Webinars(s.MainOrganizer().Key))
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	w := e.findWebinar(noQuestions)
	var wg sync.WaitGroup
	statuses := make(chan int, 40)
	for i := range 20 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			status, _ := e.do(http.MethodPost, regPath(e, w), map[string]string{"firstName": "C", "lastName": "C", "email": fmt.Sprintf("c%d@example.com", i%10)})
			statuses <- status
		}()
		go func() {
			defer wg.Done()
			status, _ := e.do(http.MethodGet, regPath(e, w)+"?page=0&limit=5", nil)
			statuses <- status
		}()
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	assert.Equal(t, 10, count[http.StatusCreated], "one registration per distinct email")
	assert.Equal(t, 10, count[http.StatusConflict])
	assert.Equal(t, 20, count[http.StatusOK])
}
