/// Limits the gradients before an update, as `clip_grad_norm_` and `clip_grad_value_` do.
///
/// Clipping is a legitimate tool against exploding gradients and a classic way to hide a
/// bug: it keeps a NaN from `log 0` or a far too large learning rate out of sight.
public enum GradientClipping: Equatable, Sendable {
    /// Leave gradients alone.
    case none
    /// Scale all gradients together so that their global L2 norm is at most the value.
    case globalNorm(Float)
    /// Clamp every gradient value into `[-value, value]`.
    case value(Float)

    /// Clips the gradients of `parameters` in place and returns their global norm before clipping.
    @discardableResult
    public func apply(to parameters: [Parameter]) -> Float {
        let norm = GradientClipping.globalNorm(of: parameters)
        switch self {
        case .none:
            break
        case .globalNorm(let maximum):
            // PyTorch's coefficient, with its 1e-6 guard against division by zero.
            let coefficient = maximum / (norm + 1e-6)
            guard coefficient < 1 else { break }
            for parameter in parameters {
                let g = parameter.gradient.baseAddress
                for i in 0..<parameter.gradient.count { g[i] *= coefficient }
            }
        case .value(let limit):
            for parameter in parameters {
                let g = parameter.gradient.baseAddress
                for i in 0..<parameter.gradient.count { g[i] = Swift.min(Swift.max(g[i], -limit), limit) }
            }
        }
        return norm
    }

    /// The L2 norm of all the gradients of `parameters` taken as one vector.
    public static func globalNorm(of parameters: [Parameter]) -> Float {
        var sum: Double = 0
        for parameter in parameters {
            let g = parameter.gradient.baseAddress
            for i in 0..<parameter.gradient.count { sum += Double(g[i]) * Double(g[i]) }
        }
        return Float(sum.squareRoot())
    }
}
