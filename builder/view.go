package builder

import (
	"html/template"
	"unicode"

	"kb/builder/locale"
	"kb/builder/markdown"
)

// The types in this file are what theme templates see. Field names are the
// theme's API: renaming one breaks site themes that override layouts.

// SiteView is shared by every page of one language.
type SiteView struct {
	Title       string
	Lang        string // "ar"
	Dir         string // "rtl"
	LangName    string // "العربية"
	BasePath    string // "/" or "/help/"
	HomeURL     string
	SearchURL   string // the results page of this language
	SearchIndex string // static index folder, "/_kb/search/ar/"
	Endpoint    string // search server endpoint, "" for the static index only
	// SearchOthers is where a search that finds nothing here looks next,
	// for search.js: JSON, [{"lang","dir","scripts","label"}] (see
	// search.OtherLanguages), label saying so in this language; "" for
	// a site in one language.
	SearchOthers string
	FeedbackURL  string // where "Was this helpful?" posts, "" for none
	CSS, JS      string // hashed asset URLs
	SearchJS     string
	// Greeklish is greeklish.js, which search.js loads for a word typed in
	// Latin letters on a Greek index, when this language's search box may
	// search one (its own or the language it looks in next); "" otherwise.
	Greeklish string
	Support   *SupportView
	Sections  []*NavView // topics, in order
	Popular   []LinkView // featured, then most opened articles, for the home page
	Languages []LangLink // every language's home
	Live      string     // live-reload script URL, only while serving
	// Logo is the [brand] logo's URL, with its size in CSS pixels.
	Logo                  string
	LogoWidth, LogoHeight int
	Menu                  []LinkView        // [[menu.header]] links
	Announcement          *AnnouncementView // [announcement] in this language, nil for none
	// Parts are the theme's layouts/partials/language/<name>.html, rendered
	// once for this language with a LanguageView, by name ("bottom"): the
	// header, footer and forms that every page repeats.
	Parts map[string]template.HTML
}

// LanguageView is the data of a language part (SiteView.Parts): what is the
// same on every page of a language. Its Site has no Parts yet.
type LanguageView struct {
	Site *SiteView
	L    *locale.Locale
}

// SupportView is the "still need help?" block.
type SupportView struct {
	Email, Phone, Chat string
	PhoneHref          template.URL // "tel:+302105550142": html/template would refuse a plain tel: string
	Days               string       // localized weekdays, "Monday–Friday"
	Open, Close        string       // "09:00"
	TimeZone           string       // IANA zone of the hours
}

// NavView is one section of one language, built once and shared by every
// page that shows it, so navigation costs the same on every page.
type NavView struct {
	Title, URL, Description string
	Count                   int
	Articles                []LinkView // all articles, in order
	Top                     []LinkView // the first few, for the sidebar and the home page
	More                    bool       // Articles has more than Top
	Popular                 []LinkView // the section's featured, then most opened articles
	Sections                []*NavView // the sections nested in it, in order
	HTML                    template.HTML
}

// LinkView is a link to a page.
type LinkView struct {
	Title, URL, Description string
	Type                    string
}

// LangLink is a link to a language version of a page.
type LangLink struct {
	Code, Name, Dir string
	URL             string
	Current         bool
	Missing         bool // the page is not in this language: the link goes to its section or home
	Fallback        bool // the language shows the page untranslated
	// Untranslated, when Missing or Fallback, marks the link in its own
	// language ("δεν έχει μεταφραστεί"), for the readers who choose it;
	// UntranslatedNote says in the page's language what the link opens
	// instead, for screen readers. Both empty for a translated page.
	Untranslated, UntranslatedNote string
}

// FeedLink is a link to a feed: its title in the page's language, and its
// absolute address (a site path without baseURL).
type FeedLink struct {
	Title, Href string
}

// Alternate is an hreflang alternate of a page.
type Alternate struct {
	Lang, Href string
}

// Crumb is one breadcrumb.
type Crumb struct {
	Title, URL string
	Current    bool // the page itself: the last crumb
}

// Notice is a message above an article: a fallback or outdated translation.
type Notice struct {
	Kind     string // "fallback" | "outdated" | "binding"
	Text     string
	LinkText string
	LinkURL  string
}

// QuestionView is one question of a FAQ page.
type QuestionView struct {
	ID     string
	OldID  string // a second anchor for links made before kb made ids as GitHub does, or ""
	Text   string
	Answer template.HTML
}

// GroupView is a group of FAQ questions under a level-1 heading; ID is ""
// for the questions before the first group heading (or of a page without
// groups).
type GroupView struct {
	ID, Text  string
	Intro     template.HTML
	Questions []QuestionView
}

// TOCEntry is a section of the table of contents and its subsections.
type TOCEntry struct {
	markdown.Heading
	Sub []markdown.Heading
}

// tocTree nests each level-3 heading under the level-2 one before it (one
// that comes before any is a section of its own).
func tocTree(toc []markdown.Heading) []TOCEntry {
	var tree []TOCEntry
	for _, h := range toc {
		if h.Level > 2 && len(tree) > 0 {
			last := &tree[len(tree)-1]
			last.Sub = append(last.Sub, h)
			continue
		}
		tree = append(tree, TOCEntry{Heading: h})
	}
	return tree
}

// numberedHeadings reports whether every heading starts with its own
// number, as a policy's "1. Scope", "2) Returns" or "4.1 Fees" do, in any
// script's digits.
func numberedHeadings(toc []markdown.Heading) bool {
	for _, h := range toc {
		if !startsNumbered(h.Text) {
			return false
		}
	}
	return len(toc) > 0
}

// startsNumbered reports whether s starts with a number such as "1.",
// "2)", "3.1" or "٤." followed by a space.
func startsNumbered(s string) bool {
	digits, dotted := 0, false
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits++
		case (r == '.' || r == ')') && digits > 0:
			dotted = true
		case unicode.IsSpace(r):
			return dotted
		default:
			return false
		}
	}
	return false
}

// PolicyView carries a policy's dates in the reader's locale.
type PolicyView struct {
	Effective, Updated       string
	EffectiveISO, UpdatedISO string
}

// PageView is the data of one page template.
type PageView struct {
	Site        *SiteView
	L           *locale.Locale
	Kind        string // "home" | "section" | "article" | "faq" | "policy" | "search" | "404"
	Title       string
	Description string
	URL         string // site path
	Canonical   string // absolute URL
	ContentLang string // language of the text, differs from Site.Lang on fallback pages
	ContentDir  string
	Alternates  []Alternate
	Switcher    []LangLink
	Crumbs      []Crumb
	TOC         []markdown.Heading // the level-2 and -3 headings, in order
	// TOCTree is TOC with each level-3 heading under the level-2 one
	// before it, so that a numbered list counts only the sections; and
	// TOCNumbered says the headings carry their own numbers ("1. Scope"),
	// which the list then does not repeat.
	TOCTree     []TOCEntry
	TOCNumbered bool
	Content     template.HTML
	Questions   []QuestionView
	Groups      []GroupView // the questions by group; nil on a page without questions
	ExpandAll   bool        // offer "show all answers" (more than a few questions)
	JSONLD      template.JS
	Notices     []Notice
	Policy      *PolicyView
	Updated     string
	UpdatedISO  string
	Related     []LinkView // related articles, most related first
	Prev, Next  *LinkView  // the neighbours in the section, by weight
	Section     *NavView   // the page's section
	Loose       []LinkView // home: articles outside sections
	Tags        []string
	NoIndex     bool
	OGLocale    string
	Feedback    bool
	// Banner is the page's own announcement (front matter banner,
	// Starlight's), rendered, shown above the site's; "" for none.
	Banner template.HTML
	// Feed is the Atom feed of a home or section page's recently updated
	// articles, linked from its head; nil for other pages.
	Feed *FeedLink
	// ResultsMarker and SearchStrings are for the search page: the marker is
	// where the search server puts results for browsers without JavaScript;
	// the strings are the search script's localized messages.
	ResultsMarker template.HTML
	SearchStrings template.JS
	// NoQueryStart and NoQueryEnd enclose what the search page shows before
	// a search (a prompt, popular articles): the search server drops what
	// they enclose from a page answering a query. html/template would drop
	// them as comments written in the layout.
	NoQueryStart, NoQueryEnd template.HTML
}
