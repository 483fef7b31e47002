package content

import (
	"fmt"
	"maps"
	"strings"
	"time"
)

// Page params, as Hugo keeps them: the front matter keys a page has that
// kb does not read itself, for the site's templates (.Params, .Param) and
// the param shortcode. Hugo 0.123 writes them in a params table; older
// sites write them at the top level. Hugo lowercases their keys, tables'
// keys too, so a template finds them in any letter case.

// pageParams are the params of a page whose keys kb does not read are
// unknown: the params table's keys, then those of the others that are no
// other generator's key kb leaves alone (isGeneratorKey), unless the
// table has them too. Nil for none.
func pageParams(unknown []field) map[string]any {
	params := map[string]any{}
	for _, f := range unknown {
		if strings.EqualFold(f.name, "params") {
			if table, ok := paramValue(f.val).(map[string]any); ok {
				maps.Copy(params, table)
			}
		}
	}
	for _, f := range unknown {
		key := strings.ToLower(f.name)
		if _, inTable := params[key]; !inTable && !isGeneratorKey(key) {
			params[key] = paramValue(f.val)
		}
	}
	if len(params) == 0 {
		return nil
	}
	return params
}

// TemplateParams is params as templates read them (paramValue): the
// site's [params], as a page's.
func TemplateParams(params map[string]any) map[string]any {
	if params == nil {
		return nil
	}
	return paramValue(params).(map[string]any)
}

// paramValue is v as templates read it: tables with lowercased keys,
// lists as []any, TOML's local dates in UTC and its times of day as text.
// The front matter's size and depth limits bound the walk.
func paramValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[strings.ToLower(k)] = paramValue(e)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[strings.ToLower(fmt.Sprint(k))] = paramValue(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = paramValue(e)
		}
		return out
	case []map[string]any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = paramValue(e)
		}
		return out
	case time.Time:
		return tomlTime(v)
	case localTime:
		return string(v)
	}
	return v
}

// LookupParam finds key in params as Hugo's .Param does: in any letter
// case, a dotted key ("links.repo") through nested tables.
func LookupParam(params map[string]any, key string) (any, bool) {
	var v any = params
	for part := range strings.SplitSeq(key, ".") {
		table, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = table[part]; ok {
			continue
		}
		found := false
		for k, e := range table {
			if strings.EqualFold(k, part) {
				v, found = e, true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return v, true
}
