package markdown

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	emoji "github.com/yuin/goldmark-emoji"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// emojiNames is goldmark-emoji's reading of GitHub's emoji names
// (":tada:" is 🎉), when the site has it on. Only the names of its list
// are emoji, and only as words of their own, as GitHub reads them: an
// icon shortcode (:material-check:, icons.go), a time (10:30:45) or
// "a:b:c" (whose :b: is a name) stay as they are. The emoji is written as
// the character itself, which every script's text can hold, not as an
// image fetched from elsewhere.
type emojiNames struct{ on bool }

func (e emojiNames) Extend(m goldmark.Markdown) {
	if !e.on {
		return
	}
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(wordEmoji{emoji.NewParser()}, 999)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(emoji.NewHTMLRenderer(emoji.WithRenderingMethod(emoji.Unicode).(emoji.RendererOption)), 200)))
}

// wordEmoji is an emoji name with no letter or digit right before or
// after it.
type wordEmoji struct{ parser.InlineParser }

func (p wordEmoji) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if letterOrDigit(block.PrecendingCharacter()) {
		return nil
	}
	n := p.InlineParser.Parse(parent, block, pc)
	if n == nil {
		return nil
	}
	if line, _ := block.PeekLine(); len(line) > 0 {
		if r, _ := utf8.DecodeRune(line); letterOrDigit(r) {
			return nil
		}
	}
	return n
}

func letterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
