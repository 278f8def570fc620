/// PyTorch's default for every parameter of `nn.RNN` and `nn.LSTM`: uniform in `±1/√H`,
/// where `H` is the hidden size (whatever the parameter's shape).
enum RecurrentInitialization {
    static func pytorchDefault(_ shape: [Int], hiddenSize: Int, generator: inout RandomGenerator) -> Tensor {
        let bound = 1 / Float(hiddenSize).squareRoot()
        let tensor = Tensor(shape: shape)
        Initializer.uniform(low: -bound, high: bound).fill(
            tensor, fanIn: hiddenSize, fanOut: hiddenSize, using: &generator)
        return tensor
    }
}
