/// Downsampling between the convolutions of a CNN: a 2x2 window with stride 2 halves the
/// image each time, which is what lets a few 3x3 layers see the whole image.
public enum Pooling: String, SettingChoice {
    case none
    case max
    case average
}
