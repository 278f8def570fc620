/// Images inside a border of zeros, so that a convolution reads every window without a
/// bounds test: `Conv2d` frames its input by its padding, and `Convolution3x3` frames the
/// output gradient for the backward pass.
enum ZeroFrame {
    /// Copies `images` (`B x C x H x W`, the shape of `framed` without its border) into
    /// `framed`, each plane inside `border.height` zero rows above and below and `border.width`
    /// zero columns on each side. `framed` is reshaped, and its border zeroed, only when the
    /// shape changes: nothing writes the border afterwards.
    static func frame(
        _ images: UnsafePointer<Float>, batch: Int, channels: Int, height: Int, width: Int,
        border: (height: Int, width: Int), into framed: Tensor
    ) {
        let framedShape = [batch, channels, height + 2 * border.height, width + 2 * border.width]
        if framed.shape != framedShape {
            framed.reshape(framedShape)
            framed.fill(0)
        }
        let framedWidth = framedShape[3]
        let framedPlane = framedShape[2] * framedWidth
        let (destination, inset) = (framed.baseAddress, border.height * framedWidth + border.width)
        ParallelWork.forEachRange(batch * channels, workPerItem: height * width) { planes in
            for plane in planes {
                let (source, inside) = (images + plane * height * width, destination + plane * framedPlane + inset)
                for i in 0..<height {
                    copyRow(from: source + i * width, to: inside + i * framedWidth, count: width)
                }
            }
        }
    }

    /// Copies one short row of an image. A plain loop the compiler vectorises: `memmove`, called
    /// once per eight-pixel row, cost more than the copy (3% of a conv-digits step).
    @inline(__always) static func copyRow(
        from source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int
    ) {
        for k in 0..<count { destination[k] = source[k] }
    }
}
