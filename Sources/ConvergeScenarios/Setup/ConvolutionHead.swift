/// How a CNN turns its last feature maps into one vector for the linear read-out.
public enum ConvolutionHead: String, SettingChoice {
    /// Every position of every channel, side by side (`torch.flatten(x, 1)`): the read-out
    /// knows where each feature fired.
    case flatten
    /// The mean of each channel over the image: where a feature fired is forgotten, so the
    /// network can only relate what its receptive field holds.
    case globalAverage = "global-average"
}
