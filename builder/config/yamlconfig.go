package config

import (
	"fmt"
	"io/fs"
	"strings"

	"gopkg.in/yaml.v3"
)

// readYAMLRoot reads a generator's YAML configuration file as nodes, for
// their lines: its top node, a document's one value when it has one. A
// file that is no YAML is an error naming the file and the line.
func readYAMLRoot(fsys fs.FS, file string) (*yaml.Node, error) {
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	return root, nil
}
