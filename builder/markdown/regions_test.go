package markdown

import "testing"

// TestRegionText takes regions as VitePress does: in every comment style
// VS Code folds, a region opened in one style closed in another, the
// regions of one name joined, an unnamed end closing the innermost region
// of its style, markers of the region's style left out and the text as
// little indented as its least indented line.
func TestRegionText(t *testing.T) {
	tests := []struct{ name, text, region, want string }{
		{"line comments", "a\n// #region x\n  b\n    c\n// #endregion x\nd\n", "x", "b\n  c\n"},
		{"hash optional", "//region x\nb\n//endregion\n", "x", "b\n"},
		{"python", "# region x\nb\n# endregion x\n", "x", "b\n"},
		{"c#", "#region x\nb\n#endregion\n", "x", "b\n"},
		{"visual basic", "#Region \"x\"\nb\n#End Region\n", "x", "b\n"},
		{"pragma", "#pragma region x\nb\n#pragma endregion x\n", "x", "b\n"},
		{"sql", "-- #region x\nb\n-- #endregion x\n", "x", "b\n"},
		{"html", "<!-- #region x -->\n<p>b</p>\n<!-- #endregion x -->\n", "x", "<p>b</p>\n"},
		{"markdown without hash", "<!-- region x -->\nb\n<!-- endregion x -->\n", "x", "b\n"},
		{"css", "/* #region x */\nb {}\n/* #endregion x */\n", "x", "b {}\n"},
		{"f#", "(* #region x *)\nb\n(* #endregion x *)\n", "x", "b\n"},
		{"json key", "{\n\"// #region x\": \"\",\n\"b\": 1,\n\"// #endregion x\": \"\"\n}\n", "x", "\"b\": 1,\n"},
		{"vue: two styles, one name, joined", "<template>\n  <!-- #region x -->\n  <p/>\n  <!-- #endregion x -->\n</template>\n<script>\n// #region x\nlet a\n// #endregion x\n</script>\n", "x", "  <p/>\nlet a\n"},
		{"nested other region kept in other style", "// #region x\nb\n/* #region y */\nc\n/* #endregion y */\n// #endregion x\n", "x", "b\n/* #region y */\nc\n/* #endregion y */\n"},
		{"nested same style left out", "// #region x\nb\n// #region y\nc\n// #endregion y\n// #endregion x\n", "x", "b\nc\n"},
		{"unnamed end closes innermost", "// #region x\nb\n// #region y\nc\n// #endregion\nd\n// #endregion\n", "x", "b\nc\nd\n"},
	}
	for _, tt := range tests {
		got, err := regionText("f", []byte(tt.text), tt.region)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: got %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	if _, err := regionText("snippets/f.js", []byte("// #region x\nb\n// #endregion x\n"), "y"); err == nil {
		t.Error("a region the file lacks: no error")
	}
}
