package permalink

import (
	"testing"
	"time"
)

func TestExpand(t *testing.T) {
	date := time.Date(2018, 10, 6, 23, 0, 0, 0, time.FixedZone("", -5*3600))
	post := Page{Sections: []string{"blog", "news"}, BaseName: "first-post", Title: "First Post: a - b (draft)", Date: date}
	for _, tt := range []struct {
		pattern string
		page    Page
		want    string
	}{
		{"/:section/:year/:month/:day/:slugorcontentbasename", post, "blog/2018/10/06/first-post"},
		{"/:sections/:monthname/:title/", post, "blog/news/October/First-Post-a---b-draft"},
		{"/:slug/", post, "First-Post-a---b-draft"},
		{"/:slug/", Page{Slug: "hello", Title: "Hi"}, "hello"},
		{"/:slugorfilename/", Page{BaseName: "x"}, "x"},
		{"/posts/:filename", Page{BaseName: "x"}, "posts/x"},
		{"/:title/", Page{Title: ".."}, ""},
	} {
		p, err := Parse(tt.pattern)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.pattern, err)
		}
		if got := p.Expand(tt.page); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.pattern, got, tt.want)
		}
	}
}

func TestDateTokens(t *testing.T) {
	p, _ := Parse("/:section/:year/:monthname/:slug/")
	if got := p.DateTokens(); len(got) != 2 || got[0] != ":year" || got[1] != ":monthname" {
		t.Errorf("DateTokens = %v", got)
	}
	p, _ = Parse("/:section/:slug/")
	if got := p.DateTokens(); len(got) != 0 {
		t.Errorf("DateTokens = %v, want none", got)
	}
}
