package fake

import "net/http"

// Path prefixes of the served APIs.
const (
	APIBase   = "/G2W/rest/v2"
	AdminBase = "/admin/rest/v1"
)

func (s *Server) routes() *http.ServeMux {
	const (
		org  = APIBase + "/organizers/{organizerKey}"
		wb   = org + "/webinars/{webinarKey}"
		sess = wb + "/sessions/{sessionKey}"
		att  = sess + "/attendees/{registrantKey}"
	)
	m := http.NewServeMux()
	handle := func(pattern string, h apiHandler) { m.Handle(pattern, s.api(h)) }

	m.HandleFunc("GET /oauth/authorize", s.handleAuthorize)
	m.HandleFunc("POST /oauth/token", s.handleToken)
	handle("GET "+AdminBase+"/me", s.getMe)

	handle("GET "+APIBase+"/accounts/{accountKey}/webinars", s.listAccountWebinars)                    // 1
	handle("GET "+org+"/webinars", s.listOrganizerWebinars)                                            // 2
	handle("POST "+org+"/webinars", s.createWebinar)                                                   // 3
	handle("GET "+org+"/insessionWebinars", s.listInSession)                                           // 4
	handle("GET "+wb, s.getWebinar)                                                                    // 5
	handle("PUT "+wb, s.updateWebinar)                                                                 // 6
	handle("DELETE "+wb, s.cancelWebinar)                                                              // 7
	handle("GET "+wb+"/attendees", s.listWebinarAttendees)                                             // 8
	handle("GET "+wb+"/coorganizers", s.listCoorganizers)                                              // 9
	handle("POST "+wb+"/coorganizers", s.createCoorganizers)                                           // 10
	handle("DELETE "+wb+"/coorganizers/{coorganizerKey}", s.deleteCoorganizer)                         // 11
	handle("POST "+wb+"/coorganizers/{coorganizerKey}/resendInvitation", s.resendCoorg)                // 12
	handle("GET "+wb+"/meetingtimes", s.meetingTimes)                                                  // 13
	handle("GET "+wb+"/panelists", s.listPanelists)                                                    // 14
	handle("POST "+wb+"/panelists", s.createPanelists)                                                 // 15
	handle("DELETE "+wb+"/panelists/{panelistKey}", s.deletePanelist)                                  // 16
	handle("POST "+wb+"/panelists/{panelistKey}/resendInvitation", s.resendPanelist)                   // 17
	handle("GET "+wb+"/audio", s.getAudio)                                                             // 18
	handle("POST "+wb+"/audio", s.updateAudio)                                                         // 19
	handle("GET "+wb+"/performance", s.webinarPerformance)                                             // 20
	handle("GET "+APIBase+"/webinars/{webinarKey}/startUrl", s.startURL)                               // 21
	handle("PUT "+APIBase+"/webinars/{webinarKey}/copy", s.copyWebinar)                                // 22
	handle("POST "+wb+"/registrants", s.createRegistrant)                                              // 23
	handle("GET "+wb+"/registrants", s.listRegistrants)                                                // 24
	handle("GET "+wb+"/registrants/{registrantKey}", s.getRegistrant)                                  // 25
	handle("DELETE "+wb+"/registrants/{registrantKey}", s.deleteRegistrant)                            // 26
	handle("GET "+wb+"/registrants/fields", s.registrationFields)                                      // 27
	handle("GET "+org+"/sessions", s.listOrganizerSessions)                                            // 28
	handle("GET "+wb+"/sessions", s.listWebinarSessions)                                               // 29
	handle("GET "+sess, s.getSession)                                                                  // 30
	handle("GET "+sess+"/attendees", s.listSessionAttendees)                                           // 31
	handle("GET "+att, s.getSessionAttendee)                                                           // 32
	handle("GET "+att+"/polls", s.attendeePolls)                                                       // 33
	handle("GET "+att+"/questions", s.attendeeQuestions)                                               // 34
	handle("GET "+att+"/surveys", s.attendeeSurveys)                                                   // 35
	handle("GET "+sess+"/performance", s.sessionPerformance)                                           // 36
	handle("GET "+sess+"/polls", s.sessionPolls)                                                       // 37
	handle("GET "+sess+"/questions", s.sessionQuestions)                                               // 38
	handle("GET "+sess+"/surveys", s.sessionSurveys)                                                   // 39
	handle("POST "+APIBase+"/recordingassets/search", s.searchRecordings)                              // 40
	handle("POST "+APIBase+"/accounts/{accountKey}/recordingassets/search", s.searchAccountRecordings) // 41
	handle("GET "+APIBase+"/webinars/{webinarKey}/recordingAssets", s.webinarRecordings)               // 42
	handle("POST "+APIBase+"/webhooks/secretkey", s.createSecretKey)                                   // 43
	handle("POST "+APIBase+"/webhooks", s.createWebhooks)                                              // 44
	handle("PUT "+APIBase+"/webhooks", s.updateWebhooks)                                               // 45
	handle("GET "+APIBase+"/webhooks", s.listWebhooks)                                                 // 46
	handle("DELETE "+APIBase+"/webhooks", s.deleteWebhooks)                                            // 47
	handle("GET "+APIBase+"/webhooks/{webhookKey}", s.getWebhook)                                      // 48
	handle("POST "+APIBase+"/userSubscriptions", s.createSubscriptions)                                // 49
	handle("PUT "+APIBase+"/userSubscriptions", s.updateSubscriptions)                                 // 50
	handle("GET "+APIBase+"/userSubscriptions", s.listSubscriptions)                                   // 51
	handle("DELETE "+APIBase+"/userSubscriptions", s.deleteSubscriptions)                              // 52
	handle("GET "+APIBase+"/userSubscriptions/{userSubscriptionKey}", s.getSubscription)               // 53

	m.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"errorCode": "NOT_FOUND", "message": "No route matches the request."})
	})
	return m
}

// organizerOf checks that the path's organizerKey is the token owner;
// anything else is GoTo's 403 application error.
func (s *Server) organizerOf(w http.ResponseWriter, r *http.Request, who *Organizer) bool {
	k, ok := s.pathKey(w, r, "organizerKey")
	if !ok {
		return false
	}
	if k != who.Key {
		s.writeAppError(w, http.StatusForbidden, codeForbidden, "The user is not authorized to access this organizer's data")
		return false
	}
	return true
}

// webinarOf resolves {organizerKey}/webinars/{webinarKey}: the organizer
// must own the token and the webinar, which must not be cancelled.
func (s *Server) webinarOf(w http.ResponseWriter, r *http.Request, who *Organizer) *Webinar {
	if !s.organizerOf(w, r, who) {
		return nil
	}
	k, ok := s.pathKey(w, r, "webinarKey")
	if !ok {
		return nil
	}
	wb := s.st.webinar(k)
	if wb == nil || wb.OrganizerKey != who.Key {
		s.notFound(w, "Webinar")
		return nil
	}
	return wb
}

// ownedWebinar resolves /webinars/{webinarKey} routes that carry no
// organizer: unknown is 404, someone else's is 403.
func (s *Server) ownedWebinar(w http.ResponseWriter, r *http.Request, who *Organizer) *Webinar {
	k, ok := s.pathKey(w, r, "webinarKey")
	if !ok {
		return nil
	}
	wb := s.st.webinar(k)
	if wb == nil {
		s.notFound(w, "Webinar")
		return nil
	}
	if wb.OrganizerKey != who.Key {
		s.writeAppError(w, http.StatusForbidden, codeForbidden, "The user is not authorized to access this webinar")
		return nil
	}
	return wb
}
