package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// helpCenter serves a small Zendesk Guide help center through the Help
// Center API's documented answers: English (the default), Arabic and Greek;
// a category with a section inside a section; a list in two pages; an
// article that links to another by its old address and shows a picture
// from the help center.
func helpCenter(t *testing.T) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	png := "\x89PNG\r\n\x1a\n shot"
	article := func(id, section int64, locale, title, body string, position int) map[string]any {
		return map[string]any{
			"id": id, "section_id": section, "title": title, "body": body, "position": position,
			"locale": locale, "source_locale": "en-us", "draft": false, "promoted": id == 101,
			"label_names": []string{"returns"}, "edited_at": "2024-04-17T17:18:10Z",
			// Zendesk's address: the id, then the title with its spaces as
			// hyphens and its punctuation left out.
			"html_url": fmt.Sprintf("%s/hc/%s/articles/%d-%s", srv.URL, locale, id, strings.ReplaceAll(strings.Trim(title, "?;؟"), " ", "-")),
		}
	}
	content := map[string]map[string][]map[string]any{}
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/api/v2/help_center/locales.json":
			json.NewEncoder(w).Encode(map[string]any{"locales": []string{"en-us", "ar", "el"}, "default_locale": "en-us"})
		case p == "/hc/en-us":
			fmt.Fprint(w, "<html><head><title>Acme Help Center</title></head></html>")
		case p == "/hc/article_attachments/555/label shot.png":
			fmt.Fprint(w, png)
		case p == "/hc/article_attachments/777":
			w.Header().Set("Content-Type", "image/jpeg")
			fmt.Fprint(w, "\xff\xd8\xff jpeg")
		case p == "/hc/article_attachments/778":
			w.Header().Set("Content-Type", "application/zip")
			fmt.Fprint(w, "PK")
		case strings.HasPrefix(p, "/api/v2/help_center/"):
			parts := strings.Split(strings.TrimPrefix(p, "/api/v2/help_center/"), "/")
			if len(parts) != 2 {
				http.NotFound(w, r)
				return
			}
			kind := strings.TrimSuffix(parts[1], ".json")
			items, ok := content[parts[0]][kind]
			if !ok {
				http.NotFound(w, r)
				return
			}
			// Two items a page, as a long list comes in pages: articles
			// by cursor (what kb asks for), the rest by offset, as some
			// help centers answer.
			page := 1
			fmt.Sscan(r.URL.Query().Get("page"), &page)
			fmt.Sscan(r.URL.Query().Get("page[after]"), &page)
			from, to := min((page-1)*2, len(items)), min(page*2, len(items))
			answer := map[string]any{kind: items[from:to]}
			switch {
			case kind == "articles":
				answer["meta"] = map[string]any{"has_more": to < len(items), "after_cursor": fmt.Sprint(page + 1)}
				answer["links"] = map[string]any{"next": fmt.Sprintf("%s%s?page[size]=2&page[after]=%d", srv.URL, p, page+1)}
			case to < len(items):
				answer["next_page"] = fmt.Sprintf("%s%s?page=%d&per_page=2", srv.URL, p, page+1)
			default:
				answer["next_page"] = nil
			}
			json.NewEncoder(w).Encode(answer)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	for _, l := range []struct{ locale, orders, returns, refunds, payments string }{
		{"en-us", "Orders", "Returns", "Refunds", "Payments"},
		{"ar", "الطلبات", "الإرجاع", "استرداد المبالغ", "الدفع"},
		{"el", "Παραγγελίες", "Επιστροφές", "Επιστροφές χρημάτων", "Πληρωμές"},
	} {
		content[l.locale] = map[string][]map[string]any{
			"categories": {{"id": 1, "name": l.orders, "description": "Everything &amp; more", "position": 0,
				"html_url": srv.URL + "/hc/" + l.locale + "/categories/1-Orders"}},
			"sections": {
				{"id": 11, "category_id": 1, "name": l.returns, "position": 0, "html_url": srv.URL + "/hc/" + l.locale + "/sections/11-Returns"},
				{"id": 12, "category_id": 1, "parent_section_id": 11, "name": l.refunds, "position": 1, "html_url": srv.URL + "/hc/" + l.locale + "/sections/12-Refunds"},
				{"id": 13, "category_id": 1, "name": l.payments, "position": 2, "html_url": srv.URL + "/hc/" + l.locale + "/sections/13-Payments"},
			},
		}
	}
	// Only agents saw it in Zendesk; an agent's token reads it.
	restricted := article(104, 13, "en-us", "Refund override for agents", `<p>Use code X.</p>`, 1)
	restricted["user_segment_id"] = 777
	content["en-us"]["articles"] = []map[string]any{
		article(101, 11, "en-us", "How do I return an item?", `<p>Send it back within <strong>30 days</strong>.</p>`+
			`<p><img src="/hc/article_attachments/555/label shot.png" alt="The return label"></p>`+
			`<p>Refunds take a week: see <a href="`+srv.URL+`/hc/en-us/articles/102-Refund-times#card">refund times</a> and <a href="/hc/en-us/sections/13">payments</a>.</p>`+
			`<ul><li>Keep the receipt</li><li>Pack it well</li></ul>`+
			`<table><tr><th>Item</th><th>Days</th></tr><tr><td>Shoes</td><td>30</td></tr></table>`+
			`<p>Gone: <a href="/hc/en-us/articles/999-Secret">an internal article</a>.</p>`, 0),
		article(102, 12, "en-us", "Refund times", `<h2 id="card">Cards</h2><p>Five days.</p><iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>`, 0),
		article(103, 13, "en-us", "Paying by card", `<p>We take cards.</p>`, 0),
		restricted,
	}
	// The Arabic refund times were translated before the English text
	// changed: its translation is marked outdated, as the translations
	// API and the locale's article list say.
	outdatedAR := article(102, 12, "ar", "مدة الاسترداد", `<h2 id="card">البطاقات</h2><p>خمسة أيام.</p>`, 0)
	outdatedAR["outdated"] = true
	content["ar"]["articles"] = []map[string]any{
		article(101, 11, "ar", "كيف أرجع منتجًا؟", `<p>أرسله خلال ٣٠ يومًا. انظر <a href="/hc/ar/articles/102">مدة الاسترداد</a>.</p>`, 0),
		outdatedAR,
	}
	// And the Greek return article, as the source article's
	// outdated_locales says.
	content["en-us"]["articles"][0]["outdated_locales"] = []string{"el"}
	content["el"]["articles"] = []map[string]any{
		// Zendesk's newer attachment addresses have no file name.
		article(101, 11, "el", "Πώς επιστρέφω ένα προϊόν;", `<p>Στείλτε το μέσα σε 30 ημέρες.</p>`+
			`<p><img src="`+srv.URL+`/hc/article_attachments/777" alt="Η ετικέτα"> <a href="/hc/article_attachments/778">τα πάντα</a></p>`, 0),
	}
	return srv
}

// importHelpCenter runs kb init --from zendesk on srv into a new folder,
// and returns it and what kb init said.
func importHelpCenter(t *testing.T, srv *httptest.Server) (site, out string) {
	t.Helper()
	site = filepath.Join(t.TempDir(), "help")
	code, out, errOut := runKB(t, "init", "--from", "zendesk", "--url", srv.URL, site)
	if code != 0 {
		t.Fatalf("kb init --from zendesk: exit %d\n%s%s", code, out, errOut)
	}
	return site, out
}

// TestInitFromZendesk moves the help center in and builds it: every
// language's articles at the same paths, nested sections, links between
// articles checked by kb, the picture beside its article, the old /hc/
// addresses redirecting to the new pages.
func TestInitFromZendesk(t *testing.T) {
	srv := helpCenter(t)
	site, out := importHelpCenter(t, srv)
	for _, want := range []string{
		"1 categories, 3 sections and 4 articles in en, 3 translations into 2 more languages, 2 pictures and files",
		"content/en/orders/payments/refund-override-for-agents.md: only signed-in readers of a user segment could read it in Zendesk: written as a draft",
		"content/el/orders/returns/how-do-i-return-an-item.md: /hc/article_attachments/778 (application/zip) is not a file kb publishes beside pages",
		"content/en/orders/returns/how-do-i-return-an-item.md: a link to /hc/en-us/articles/999-Secret, which the help center does not show its readers, still leads there",
		"Next: kb serve -s " + site,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("kb init says\n%s\nwant %q", out, want)
		}
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if got := read("site.toml"); !strings.Contains(got, `title = "Acme Help Center"`) || !strings.Contains(got, `defaultLanguage = "en"`) || !strings.Contains(got, "[languages.ar]") {
		t.Errorf("site.toml:\n%s", got)
	}
	page := read("content/en/orders/returns/how-do-i-return-an-item.md")
	for _, want := range []string{
		`title = "How do I return an item?"`, `tags = ["returns"]`, "featured = true", `updated = "2024-04-17"`,
		`"/hc/en-us/articles/101-How-do-I-return-an-item"`, `"/hc/en-us/articles/101"`,
		"Send it back within **30 days**.", "![The return label](label-shot.png)",
		"[refund times](refunds/refund-times.md#card)", "[payments](../payments/_index.md)",
		"| Item  | Days |", "- Keep the receipt",
		"[an internal article](" + srv.URL + "/hc/en-us/articles/999-Secret)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the English article lacks %q:\n%s", want, page)
		}
	}
	if got := read("content/en/orders/returns/label-shot.png"); !strings.HasPrefix(got, "\x89PNG") {
		t.Errorf("the picture was not downloaded beside its article: %q", got)
	}
	if got := read("content/el/orders/returns/how-do-i-return-an-item.md"); !strings.Contains(got, "![Η ετικέτα](η-ετικέτα.jpg)") || !strings.Contains(got, "[τα πάντα]("+srv.URL+"/hc/article_attachments/778)") {
		t.Errorf("the Greek article's nameless picture is not downloaded by its type and alt text:\n%s", got)
	}
	if got := read("content/ar/orders/returns/how-do-i-return-an-item.md"); !strings.Contains(got, "[مدة الاسترداد](refunds/refund-times.md)") {
		t.Errorf("the Arabic article is not at the English one's path with its link: \n%s", got)
	}

	pub := filepath.Join(t.TempDir(), "public")
	code, out, errOut := runKB(t, "build", "-s", site, "-o", pub, "--index", "-")
	if code != 0 {
		t.Fatalf("kb build of the moved help center: exit %d\n%s%s", code, out, errOut)
	}
	html := func(name string) string {
		b, err := os.ReadFile(filepath.Join(pub, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	en := html("en/orders/returns/how-do-i-return-an-item/index.html")
	for _, want := range []string{
		`<a href="/en/orders/returns/refunds/refund-times/#card">refund times</a>`,
		`<img src="/en/orders/returns/label-shot.png" alt="The return label">`,
		`hreflang="ar" href="` + srv.URL + `/ar/orders/returns/how-do-i-return-an-item/"`,
	} {
		if !strings.Contains(en, want) {
			t.Errorf("the English page lacks %s", want)
		}
	}
	if got := read("content/en/orders/payments/refund-override-for-agents.md"); !strings.Contains(got, "draft = true") {
		t.Errorf("the agents' article is not a draft:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(pub, "en/orders/payments/refund-override-for-agents/index.html")); err == nil {
		t.Error("the agents' article is published to everyone")
	}
	if got := html("hc/en-us/articles/101/index.html"); !strings.Contains(got, "/en/orders/returns/how-do-i-return-an-item/") {
		t.Errorf("the old address does not redirect to the page:\n%s", got)
	}
	if got := html("ar/orders/returns/refunds/index.html"); !strings.Contains(got, "استرداد المبالغ") {
		t.Errorf("the nested Arabic section has not its title")
	}
	if got := html("el/orders/returns/refunds/refund-times/index.html"); !strings.Contains(got, "Five days.") {
		t.Errorf("the untranslated Greek article does not show the English text")
	}

	// A folder with content already is left alone.
	if code, _, errOut := runKB(t, "init", "--from", "zendesk", "--url", srv.URL, site); code != 2 || !strings.Contains(errOut, "already has a site.toml") {
		t.Errorf("a second import: exit %d, %s", code, errOut)
	}
}

// Translations Zendesk marked outdated (their source changed after they
// were translated) are outdated in kb too, in kb status and on the page,
// without a made-up version of their source: their translatedFrom names
// none. The others stay untracked, as nothing says what they were
// translated from.
func TestInitFromZendeskOutdated(t *testing.T) {
	site, out := importHelpCenter(t, helpCenter(t))
	if want := "2 translations Zendesk marked outdated: outdated in kb too"; !strings.Contains(out, want) {
		t.Errorf("kb init says\n%s\nwant %q", out, want)
	}
	code, out, errOut := runKB(t, "status", "-s", site)
	if code != 0 {
		t.Fatalf("kb status: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"outdated: orders/returns/refunds/refund-times", "outdated: orders/returns/how-do-i-return-an-item"} {
		if !strings.Contains(out, want) {
			t.Errorf("kb status says\n%s\nwant %q", out, want)
		}
	}
	if strings.Count(out, "outdated: ") != 2 {
		t.Errorf("kb status lists other translations as outdated:\n%s", out)
	}
	pub := filepath.Join(t.TempDir(), "public")
	if code, out, errOut := runKB(t, "build", "-s", site, "-o", pub, "--index", "-"); code != 0 {
		t.Fatalf("kb build: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(readFile(t, pub, "ar/orders/returns/refunds/refund-times/index.html"), "notice-outdated") {
		t.Error("the outdated Arabic page has no outdated notice")
	}
	if strings.Contains(readFile(t, pub, "ar/orders/returns/how-do-i-return-an-item/index.html"), "notice-outdated") {
		t.Error("a translation Zendesk did not mark outdated has the outdated notice")
	}
}
