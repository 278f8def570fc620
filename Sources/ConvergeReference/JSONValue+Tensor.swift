import ConvergeEngine
import ConvergeSupport

extension JSONValue {
    /// A tensor's values nested along its shape (a `[2, 3]` tensor becomes two arrays of three).
    public init(_ tensor: Tensor) {
        func build(dimension: Int, offset: Int) -> JSONValue {
            if tensor.shape.count <= 1 || dimension == tensor.shape.count - 1 {
                let width = tensor.shape.isEmpty ? 1 : tensor.shape[dimension]
                return .array((0..<width).map { .number(Double(tensor[offset + $0])) })
            }
            let stride = tensor.shape[(dimension + 1)...].reduce(1, *)
            return .array(
                (0..<tensor.shape[dimension]).map { build(dimension: dimension + 1, offset: offset + $0 * stride) })
        }
        self = build(dimension: 0, offset: 0)
    }
}
