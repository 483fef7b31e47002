package builder

import "strings"

// feedbackURL is where the "Was this helpful?" widget posts: [feedback]
// endpoint, else the feedback API beside [search] endpoint, else nothing
// (a static host: the widget then offers the [support] contacts).
func feedbackURL(s *site) string {
	if e := s.cfg.Feedback.Endpoint; e != "" {
		return sitePath(s.basePath, e)
	}
	if e := s.cfg.Search.Endpoint; e != "" {
		e = strings.TrimSuffix(strings.TrimSuffix(e, "/"), "/api/search")
		return sitePath(s.basePath, e+"/api/feedback")
	}
	return ""
}
