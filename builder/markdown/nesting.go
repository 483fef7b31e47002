package markdown

import "bytes"

// maxNesting bounds the blocks one line may open (quotes, list items,
// definitions): goldmark measures each from the start of the line, so the
// time a line takes grows with the square of its markers (a line of
// 100,000 ">" took 17 s, 10 MB would take hours). No help article nests
// anything this deep.
const maxNesting = 32

// tooDeepMsg says what to do about a line nested too deep.
const tooDeepMsg = "a line opens more than 32 quotes, lists or definitions inside one another: nest less deeply"

// tooDeep returns the offset of the first line of src that opens more than
// maxNesting blocks, or -1. One pass over each line's markers.
func tooDeep(src []byte) int {
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		if lineNesting(src[start:end]) > maxNesting {
			return start
		}
		start = end + 1
	}
	return -1
}

// lineNesting counts the block markers a line opens with, up to one past
// maxNesting: ">", "-", "*", "+", ":" and "1." or "1)" followed by a
// space, with any indentation between them.
func lineNesting(line []byte) int {
	spaceAt := func(i int) bool { return i == len(line) || line[i] == ' ' || line[i] == '\t' }
	n, i := 0, 0
	for n <= maxNesting {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			break
		}
		switch c := line[i]; {
		case c == '>':
			i++
		case (c == '-' || c == '*' || c == '+' || c == ':') && spaceAt(i+1):
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j == len(line) || (line[j] != '.' && line[j] != ')') || !spaceAt(j+1) {
				return n
			}
			i = j + 1
		default:
			return n
		}
		n++
	}
	return n
}
