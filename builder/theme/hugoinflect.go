package theme

import (
	"fmt"
	"strings"
)

// Hugo's inflect and fmt namespaces, as Hugo docs' render-link uses them
// to find a glossary term's page ("caches" is the term "cache") and to
// write its href.

// inflectNS is Hugo's inflect namespace.
type inflectNS struct{}

// Singularize is an English word's singular, by the rules that cover
// most words ("caches" "cache", "entries" "entry", "boxes" "box"); a word
// that is not plural stays as it is.
func (inflectNS) Singularize(v any) (string, error) {
	s, err := Text(v)
	if err != nil {
		return "", err
	}
	lower := strings.ToLower(s)
	switch {
	case strings.HasSuffix(lower, "ies") && len(s) > 4:
		return s[:len(s)-3] + "y", nil
	case strings.HasSuffix(lower, "sses"), strings.HasSuffix(lower, "shes"), strings.HasSuffix(lower, "ches"),
		strings.HasSuffix(lower, "xes"), strings.HasSuffix(lower, "zzes"):
		return s[:len(s)-2], nil
	case strings.HasSuffix(lower, "s") && !strings.HasSuffix(lower, "ss") && !strings.HasSuffix(lower, "us") &&
		!strings.HasSuffix(lower, "is") && len(s) > 2:
		return s[:len(s)-1], nil
	}
	return s, nil
}

// Humanize is humanize.
func (inflectNS) Humanize(v any) (string, error) { return humanize(v) }

// fmtNS is Hugo's fmt namespace: fmt.Printf is printf.
type fmtNS struct{}

func (fmtNS) Printf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
func (fmtNS) Print(args ...any) string                 { return fmt.Sprint(args...) }
func (fmtNS) Println(args ...any) string               { return fmt.Sprintln(args...) }

// Errorf is errorf: the template stops with its message.
func (fmtNS) Errorf(format string, args ...any) (string, error) {
	return "", fmt.Errorf(format, args...)
}
