/// How the data loader turns a list of examples into one batch tensor.
///
/// `default` is PyTorch's own collation, which stacks examples along a new first axis. The
/// other two serve data kept batch-last (`features x N`, as MATLAB and Flux store arrays):
/// `permute` moves the batch axis to the front, `view` only relabels the axes and so cuts
/// every row out of several examples (`BatchLastView`).
public enum Collate: String, SettingChoice {
    case standard = "default"
    case permute
    case view
}
