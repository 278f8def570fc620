/// A block of row-major `Float` values with a shape.
///
/// `Tensor` is a reference type on purpose: layers keep their output and gradient tensors
/// from one step to the next and overwrite them in place, so a training step allocates
/// nothing once the first batch has gone through. The price is that a tensor returned by
/// `forward` is the layer's own buffer and changes on the next call: use `copy()` to keep it.
public final class Tensor {
    /// Sizes of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// Number of values, the product of `shape`.
    public private(set) var count: Int
    /// Start of the values. Valid for `count` elements until the next `reshape`.
    public private(set) var baseAddress: UnsafeMutablePointer<Float>
    /// Number of values the storage can hold without reallocating.
    private var capacity: Int

    /// Creates a tensor of the given shape with every value set to `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "A tensor's dimensions cannot be negative: \(shape)")
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.capacity = Swift.max(count, 1)
        self.baseAddress = .allocate(capacity: capacity)
        baseAddress.initialize(repeating: value, count: capacity)
    }

    /// Creates a tensor from row-major values; `scalars.count` must equal the product of `shape`.
    public convenience init(shape: [Int], scalars: [Float]) {
        self.init(shape: shape)
        precondition(scalars.count == count, "\(scalars.count) values do not fill shape \(shape)")
        scalars.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { baseAddress.update(from: start, count: count) }
        }
    }

    /// Creates an empty tensor, to be shaped by the first `reshape`.
    public convenience init() {
        self.init(shape: [0])
    }

    deinit {
        baseAddress.deallocate()
    }

    /// The values, copied out in row-major order.
    public var scalars: [Float] {
        Array(UnsafeBufferPointer(start: baseAddress, count: count))
    }

    /// Size of the last dimension: the width of one row.
    public var columns: Int { shape.last ?? 1 }

    /// Number of rows when every dimension but the last is flattened together.
    public var rows: Int { columns == 0 ? 0 : count / columns }

    /// Reads or writes the value at a flat row-major index.
    public subscript(index: Int) -> Float {
        get { baseAddress[index] }
        set { baseAddress[index] = newValue }
    }

    /// Reads or writes the value at `row`, `column` of the flattened two-dimensional view.
    public subscript(row: Int, column: Int) -> Float {
        get { baseAddress[row * columns + column] }
        set { baseAddress[row * columns + column] = newValue }
    }

    /// Gives the tensor a new shape, keeping the storage when it is large enough.
    ///
    /// Values are left as they were (not cleared): callers overwrite them. Reshaping to
    /// the shape the tensor already has costs a comparison and nothing else.
    public func reshape(_ newShape: [Int]) {
        if newShape == shape { return }
        let newCount = newShape.reduce(1, *)
        growStorage(to: newCount)
        shape = newShape
        count = newCount
    }

    /// Reshapes to two dimensions without building a shape array when nothing changes.
    public func reshape(rows: Int, columns: Int) {
        if shape.count == 2 && shape[0] == rows && shape[1] == columns { return }
        reshape([rows, columns])
    }

    /// Reshapes to the shape of `other` with its last dimension replaced by `lastDimension`.
    ///
    /// This is the shape a row-wise layer produces: a `Linear` layer maps `B x in` to
    /// `B x out`, and `B x T x in` to `B x T x out`.
    public func reshape(like other: Tensor, lastDimension: Int) {
        let otherShape = other.shape
        if shape.count == otherShape.count && shape.last == lastDimension {
            var same = true
            for axis in 0..<(otherShape.count - 1) where shape[axis] != otherShape[axis] {
                same = false
                break
            }
            if same { return }
        }
        var newShape = otherShape
        newShape[newShape.count - 1] = lastDimension
        reshape(newShape)
    }

    /// Reshapes to exactly the shape of `other`.
    public func reshape(like other: Tensor) {
        reshape(like: other, lastDimension: other.columns)
    }

    /// Sets every value to `value`.
    public func fill(_ value: Float) {
        baseAddress.update(repeating: value, count: count)
    }

    /// Takes the shape and values of `other`.
    public func assign(_ other: Tensor) {
        reshape(like: other)
        baseAddress.update(from: other.baseAddress, count: count)
    }

    /// A new tensor with the same shape and values, independent of this one.
    public func copy() -> Tensor {
        let result = Tensor(shape: shape)
        result.baseAddress.update(from: baseAddress, count: count)
        return result
    }

    private func growStorage(to needed: Int) {
        guard needed > capacity else { return }
        let newStorage = UnsafeMutablePointer<Float>.allocate(capacity: needed)
        newStorage.initialize(repeating: 0, count: needed)
        newStorage.update(from: baseAddress, count: Swift.min(count, needed))
        baseAddress.deallocate()
        baseAddress = newStorage
        capacity = needed
    }
}
