package content

import (
	"context"
	"io/fs"
	"os"
	"testing"

	"kb/builder/diag"
)

// BenchmarkLoad reads $KB_BENCH_SITE (a generated corpus in en, ar and el)
// through OpenSite, whose symlink policy costs an Lstat per path
// component, and through plain os.DirFS for comparison.
func BenchmarkLoad(b *testing.B) {
	dir := os.Getenv("KB_BENCH_SITE")
	if dir == "" {
		b.Skip("set KB_BENCH_SITE to a generated corpus")
	}
	for name, fsys := range map[string]fs.FS{"DirFS": os.DirFS(dir), "OpenSite": OpenSite(dir)} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				var ds diag.List
				Load(context.Background(), fsys, siteLangs{"en", "ar", "el"}, &ds)
			}
		})
	}
}
