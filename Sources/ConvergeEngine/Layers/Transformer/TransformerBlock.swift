/// One Transformer encoder block with an exact-GELU MLP, as
/// `torch.nn.TransformerEncoderLayer(d, h, d_ff, dropout=0, activation="gelu", batch_first=True)`.
///
/// Pre-LN (`normFirst`, GPT-2's placement): `H = X + MHA(LN1(X))`, `Y = H + FF(LN2(H))`.
/// Post-LN (the original Transformer): `H = LN1(X + MHA(X))`, `Y = LN2(H + FF(H))`, with
/// `FF(z) = W2 gelu(W1 z + b1) + b2`. Where the norm sits decides how gradients reach the
/// early blocks: pre-LN keeps an identity path from the output to the input; post-LN puts a
/// norm on it in every block, which is why post-LN needs a learning-rate warm-up.
public final class TransformerBlock: CompositeLayer {
    public let kind = "transformer_block"
    public let normFirst: Bool
    public let firstNorm: LayerNorm
    public let attention: MultiHeadAttention
    public let secondNorm: LayerNorm
    public let expand: Linear
    public let activation = GELU()
    public let contract: Linear
    public let parameters: [Parameter]
    /// PyTorch's module names, as the fixtures write the groups.
    public var children: [(group: String, layers: [Layer])] {
        [("ln1", [firstNorm]), ("attn", [attention]), ("ln2", [secondNorm]), ("ff1", [expand]), ("ff2", [contract])]
    }
    public var namesGroupsAsModules: Bool { true }

    private let residualSum = Tensor(), output = Tensor()
    private let sumGradient = Tensor(), inputGradient = Tensor()

    public init(
        normFirst: Bool, firstNorm: LayerNorm, attention: MultiHeadAttention, secondNorm: LayerNorm,
        expand: Linear, contract: Linear
    ) {
        self.normFirst = normFirst
        self.firstNorm = firstNorm
        self.attention = attention
        self.secondNorm = secondNorm
        self.expand = expand
        self.contract = contract
        let modules: [Layer] = [firstNorm, attention, secondNorm, expand, contract]
        parameters = modules.flatMap(\.parameters)
    }

    /// A block with PyTorch's initialisation: norms at 1 and 0, default `Linear` layers.
    public convenience init(
        modelDimension: Int, headCount: Int, feedForwardDimension: Int, normFirst: Bool, causal: Bool = false,
        generator: inout RandomGenerator
    ) {
        let attention = MultiHeadAttention(
            modelDimension: modelDimension, headCount: headCount, causal: causal, generator: &generator)
        let expand = Linear(inputSize: modelDimension, outputSize: feedForwardDimension, generator: &generator)
        let contract = Linear(inputSize: feedForwardDimension, outputSize: modelDimension, generator: &generator)
        self.init(
            normFirst: normFirst, firstNorm: LayerNorm(dimension: modelDimension), attention: attention,
            secondNorm: LayerNorm(dimension: modelDimension), expand: expand, contract: contract)
    }

    private func feedForward(_ input: Tensor) -> Tensor {
        contract.forward(activation.forward(expand.forward(input)))
    }

    private func feedForwardBackward(_ gradient: Tensor) -> Tensor {
        expand.backward(activation.backward(contract.backward(gradient)))
    }

    /// `into = a + b`, element by element.
    private static func add(_ a: Tensor, _ b: Tensor, into sum: Tensor) {
        sum.reshape(like: a)
        let (x, y, z) = (a.baseAddress, b.baseAddress, sum.baseAddress)
        for index in 0..<sum.count { z[index] = x[index] + y[index] }
    }

    public func forward(_ input: Tensor) -> Tensor {
        if normFirst {
            TransformerBlock.add(input, attention.forward(firstNorm.forward(input)), into: residualSum)
            TransformerBlock.add(residualSum, feedForward(secondNorm.forward(residualSum)), into: output)
            return output
        }
        TransformerBlock.add(input, attention.forward(input), into: residualSum)
        let normed = firstNorm.forward(residualSum)
        TransformerBlock.add(normed, feedForward(normed), into: output)
        return secondNorm.forward(output)
    }

    /// Each residual sum hands its gradient to both of its terms; each norm, attention and
    /// MLP hands back what its own backward gives.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        if normFirst {
            // Y = H + FF(LN2(H)): dH = dY + LN2ᵀ FFᵀ dY; H = X + MHA(LN1(X)): dX = dH + LN1ᵀ MHAᵀ dH
            TransformerBlock.add(
                outputGradient, secondNorm.backward(feedForwardBackward(outputGradient)), into: sumGradient)
            TransformerBlock.add(
                sumGradient, firstNorm.backward(attention.backward(sumGradient)), into: inputGradient)
            return inputGradient
        }
        // Y = LN2(Z), Z = H + FF(H): dH = dZ + FFᵀ dZ; H = LN1(S), S = X + MHA(X): dX = dS + MHAᵀ dS
        let dZ = secondNorm.backward(outputGradient)
        TransformerBlock.add(dZ, feedForwardBackward(dZ), into: sumGradient)
        let dS = firstNorm.backward(sumGradient)
        TransformerBlock.add(dS, attention.backward(dS), into: inputGradient)
        return inputGradient
    }
}
