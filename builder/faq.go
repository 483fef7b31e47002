package builder

import (
	"html/template"

	"kb/builder/markdown"
)

// expandAllFrom is the number of questions above which a FAQ page offers
// "show all answers": with a few, opening them one by one is as quick.
const expandAllFrom = 4

// faqViews turns a FAQ page's questions into the theme's views: every
// question, and the questions by group. A page without group headings has
// one untitled group holding all its questions; a page without questions
// has none, so the theme shows no empty FAQ block.
func faqViews(res markdown.Result) ([]QuestionView, []GroupView) {
	if len(res.Questions) == 0 {
		return nil, nil
	}
	all := make([]QuestionView, len(res.Questions))
	for i, q := range res.Questions {
		all[i] = QuestionView{ID: q.ID, OldID: q.OldID, Text: q.Text, Answer: template.HTML(q.HTML)}
	}
	if len(res.Groups) == 0 {
		return all, []GroupView{{Questions: all}}
	}
	groups := make([]GroupView, 0, len(res.Groups))
	at := 0
	for _, g := range res.Groups {
		n := len(g.Questions)
		groups = append(groups, GroupView{ID: g.ID, Text: g.Text, Intro: template.HTML(g.HTML), Questions: all[at : at+n : at+n]})
		at += n
	}
	return all, groups
}
