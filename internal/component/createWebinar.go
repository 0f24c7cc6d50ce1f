package component

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// createWebinarInputs are the properties createWebinar takes (schema
// WebinarReqCreate, plus startTime/endTime as a shortcut for one session).
var createWebinarInputs = []string{
	"subject", "description", "times", "startTime", "endTime", "timeZone", "type", "locale",
	"isPasswordProtected", "recordingAssetKey", "isOndemand", "isBreakout", "experienceType",
	"emailSettings", "recurrenceStart", "recurrencePattern", "recurrenceEnd",
}

// createWebinar schedules a single session, a series or a sequence
// (POST /organizers/{organizerKey}/webinars) and emits the created webinar
// as GET .../webinars/{webinarKey} describes it, plus recurrenceKey for a
// series.
func (c *Component) createWebinar(ctx context.Context, k *call) error {
	if err := k.only(createWebinarInputs...); err != nil {
		return err
	}
	in, err := webinarCreateInput(k)
	if err != nil {
		return err
	}
	org, err := k.organizer(ctx)
	if err != nil {
		return err
	}
	created, err := k.api.CreateWebinar(ctx, org, *in)
	if err != nil {
		return explain(err, "create webinar")
	}
	return emitWebinarAfterWrite(ctx, k, org, created.WebinarKey, created)
}

// webinarCreateInput builds and checks the body of a webinar creation.
func webinarCreateInput(k *call) (*gotowebinar.WebinarCreate, error) {
	subject, err := k.requiredStr("subject")
	if err != nil {
		return nil, err
	}
	in := &gotowebinar.WebinarCreate{
		Subject: subject, Description: k.str("description"), TimeZone: k.str("timeZone"),
		RecordingAssetKey: k.str("recordingAssetKey"),
	}
	for name, dst := range map[string]*bool{"isPasswordProtected": &in.IsPasswordProtected, "isOndemand": &in.IsOndemand, "isBreakout": &in.IsBreakout} {
		if *dst, err = strictFlag(k, name); err != nil {
			return nil, err
		}
	}
	if in.Type, err = oneOf(k, "type", webinarTypes...); err != nil {
		return nil, err
	}
	if in.Locale, err = oneOf(k, "locale", webinarLocales...); err != nil {
		return nil, err
	}
	if exp := strings.ToUpper(k.str("experienceType")); exp != "" {
		if !slices.Contains(experienceTypes, exp) {
			return nil, invalidField("experienceType", "\""+k.str("experienceType")+"\" is not one of "+strings.Join(experienceTypes, ", "))
		}
		in.ExperienceType = exp
	}
	if in.EmailSettings, err = emailSettings(k); err != nil {
		return nil, err
	}
	if in.Times, err = webinarTimes(k); err != nil {
		return nil, err
	}
	if err := recurrenceInput(k, in); err != nil {
		return nil, err
	}
	return in, nil
}

// recurrenceInput reads the sequence schedule (recurrenceStart,
// recurrencePattern, recurrenceEnd) and checks that a schedule is given.
func recurrenceInput(k *call, in *gotowebinar.WebinarCreate) error {
	start, hasStart := k.value("recurrenceStart")
	pattern, end := k.str("recurrencePattern"), k.str("recurrenceEnd")
	if !hasStart && pattern == "" && end == "" {
		if len(in.Times) == 0 {
			return invalidField("times", "is required: the webinar's sessions as [{startTime, endTime}] (or recurrenceStart, recurrencePattern and recurrenceEnd for a sequence)")
		}
		return nil
	}
	if in.Type != "sequence" {
		return invalidField("recurrenceStart", "recurrenceStart, recurrencePattern and recurrenceEnd describe a sequence: set type to sequence")
	}
	if len(in.Times) > 0 {
		return invalidField("times", "send either times or recurrenceStart, recurrencePattern and recurrenceEnd, not both")
	}
	r, err := parseRange("recurrenceStart.", start)
	if err != nil {
		return err
	}
	if in.RecurrencePattern, err = oneOf(k, "recurrencePattern", recurrences...); err != nil {
		return err
	}
	if in.RecurrencePattern == "" {
		return missingField("recurrencePattern")
	}
	if end == "" {
		return missingField("recurrenceEnd")
	}
	if _, err := time.Parse(time.DateOnly, end); err != nil {
		return invalidField("recurrenceEnd", "\""+end+"\" is not a date YYYY-MM-DD")
	}
	in.RecurrenceStart, in.RecurrenceEnd = &r, end
	return nil
}

// writtenWebinar is the output of a webinar write: the webinar as read
// back (nil when that failed), its key, and the recurrenceKey of a series.
type writtenWebinar struct {
	*gotowebinar.WebinarDetails
	WebinarKey    gotowebinar.Key `json:"webinarKey"`
	RecurrenceKey gotowebinar.Key `json:"recurrenceKey,omitempty"`
}

// emitWebinarAfterWrite emits the webinar as GoToWebinar now describes it,
// plus the recurrenceKey of created (nil after an update). A write is not
// repeated: when the read fails, the keys are emitted instead of failing
// the message, whose retry would create or notify again.
func emitWebinarAfterWrite(ctx context.Context, k *call, org, key gotowebinar.Key, created *gotowebinar.CreatedWebinar) error {
	out := writtenWebinar{WebinarKey: key}
	if created != nil {
		out.RecurrenceKey = created.RecurrenceKey
	}
	w, err := k.api.Webinar(ctx, org, key)
	if err != nil {
		k.log.WithError(err).Warn("the webinar was written but could not be read back; emitting its key only")
	} else {
		out.WebinarDetails = w
	}
	return k.emit(ctx, out)
}
