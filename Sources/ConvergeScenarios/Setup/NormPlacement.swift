/// Where each Transformer block puts its layer norms: before each sublayer, inside the
/// residual branch (`pre`, GPT-2), or after each residual sum (`post`, the original
/// Transformer, which needs a learning-rate warm-up to train at a high rate).
public enum NormPlacement: String, SettingChoice {
    case pre
    case post
}
