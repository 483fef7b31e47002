package main

import (
	"fmt"
	"io"
)

// initFrom writes the site.toml equivalent to a Hugo or Zola configuration.
func initFrom(dir, generator string, stdout io.Writer) error {
	return fmt.Errorf("kb init --from %s: not available yet", generator)
}
