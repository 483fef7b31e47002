package theme

// Hugo's images namespace: its filters (images.Grayscale,
// images.Brightness 10, …) are values that a resource's .Filter and
// images.Filter accept and ignore, as kb processes no image and shows it
// as it is (the Markdown renderer binds images to the page, to warn once
// a page).

// ImageFilter is a filter of Hugo's images namespace, which kb does not
// apply: Name is the constructor's ("Grayscale").
type ImageFilter struct{ Name string }

// ImageFilters are the names of Hugo's filter constructors.
var ImageFilters = []string{"AutoOrient", "Brightness", "ColorBalance", "Colorize", "Contrast", "Dither", "Gamma",
	"GaussianBlur", "Grayscale", "Hue", "Invert", "Mask", "Opacity", "Overlay", "Padding", "Pixelate", "Process",
	"Saturation", "Sepia", "Sigmoid", "Text", "UnsharpMask"}

// Images is Hugo's images namespace of filters; each takes Hugo's
// arguments and keeps none.
type Images struct{}

func (Images) AutoOrient(...any) ImageFilter   { return ImageFilter{"AutoOrient"} }
func (Images) Brightness(...any) ImageFilter   { return ImageFilter{"Brightness"} }
func (Images) ColorBalance(...any) ImageFilter { return ImageFilter{"ColorBalance"} }
func (Images) Colorize(...any) ImageFilter     { return ImageFilter{"Colorize"} }
func (Images) Contrast(...any) ImageFilter     { return ImageFilter{"Contrast"} }
func (Images) Dither(...any) ImageFilter       { return ImageFilter{"Dither"} }
func (Images) Gamma(...any) ImageFilter        { return ImageFilter{"Gamma"} }
func (Images) GaussianBlur(...any) ImageFilter { return ImageFilter{"GaussianBlur"} }
func (Images) Grayscale(...any) ImageFilter    { return ImageFilter{"Grayscale"} }
func (Images) Hue(...any) ImageFilter          { return ImageFilter{"Hue"} }
func (Images) Invert(...any) ImageFilter       { return ImageFilter{"Invert"} }
func (Images) Mask(...any) ImageFilter         { return ImageFilter{"Mask"} }
func (Images) Opacity(...any) ImageFilter      { return ImageFilter{"Opacity"} }
func (Images) Overlay(...any) ImageFilter      { return ImageFilter{"Overlay"} }
func (Images) Padding(...any) ImageFilter      { return ImageFilter{"Padding"} }
func (Images) Pixelate(...any) ImageFilter     { return ImageFilter{"Pixelate"} }
func (Images) Process(...any) ImageFilter      { return ImageFilter{"Process"} }
func (Images) Saturation(...any) ImageFilter   { return ImageFilter{"Saturation"} }
func (Images) Sepia(...any) ImageFilter        { return ImageFilter{"Sepia"} }
func (Images) Sigmoid(...any) ImageFilter      { return ImageFilter{"Sigmoid"} }
func (Images) Text(...any) ImageFilter         { return ImageFilter{"Text"} }
func (Images) UnsharpMask(...any) ImageFilter  { return ImageFilter{"UnsharpMask"} }
