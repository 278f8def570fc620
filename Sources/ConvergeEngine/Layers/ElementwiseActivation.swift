/// A layer that applies one scalar function to every value independently.
///
/// A conforming layer states only its function and its derivative; the forward and backward
/// loops below are shared: `y[i] = f(x[i])` and `dx[i] = dy[i] * f'(x[i])`. The derivative
/// receives both the input and the output, because some are cheapest from one (ReLU from
/// `x`) and some from the other (tanh and sigmoid from `y`). Large tensors are split between
/// the engine's threads (`ParallelWork`); every value is computed alone, so the bits are the same.
public protocol ElementwiseActivation: Layer {
    /// Which activation this is.
    var activation: Activation { get }
    /// The function, `y = f(x)`.
    func activate(_ x: Float) -> Float
    /// Its derivative at `x`, given `y = f(x)` as well.
    func derivative(input x: Float, output y: Float) -> Float
    /// The input, output and input-gradient buffers the shared loops reuse.
    var buffers: ActivationBuffers { get }
}

/// The tensors an elementwise layer keeps between its forward and backward pass.
public final class ActivationBuffers {
    var input = Tensor()
    let output = Tensor()
    let inputGradient = Tensor()
    public init() {}
}

extension ElementwiseActivation {
    public var kind: String { activation.rawValue }

    public func forward(_ input: Tensor) -> Tensor {
        buffers.input = input
        let output = buffers.output
        output.reshape(like: input)
        let x = input.baseAddress
        let y = output.baseAddress
        ParallelWork.forEachRange(input.count, workPerItem: 1) { range in
            for index in range { y[index] = activate(x[index]) }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let input = buffers.input
        let output = buffers.output
        let inputGradient = buffers.inputGradient
        inputGradient.reshape(like: input)
        let x = input.baseAddress
        let y = output.baseAddress
        let dy = outputGradient.baseAddress
        let dx = inputGradient.baseAddress
        ParallelWork.forEachRange(input.count, workPerItem: 1) { range in
            for index in range { dx[index] = dy[index] * derivative(input: x[index], output: y[index]) }
        }
        return inputGradient
    }
}
