// Command kb turns a folder of multilingual Markdown help content into a
// localized static help center with search.
package main

import "os"

func main() {
	ctx, stop := interruptContext()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
