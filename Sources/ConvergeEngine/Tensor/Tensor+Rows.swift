extension Tensor {
    /// Writes `vector` (as long as a row) into every row: a bias, before a matrix product
    /// adds into it (with `beta: 1`, so BLAS neither zeroes the rows first nor needs a
    /// second pass for the bias).
    func fillRows(with vector: Tensor) {
        let width = vector.count
        for row in 0..<(count / Swift.max(width, 1)) {
            (baseAddress + row * width).update(from: vector.baseAddress, count: width)
        }
    }

    /// Adds the sum of the rows into `gradient` (as long as a row): the gradient of a bias
    /// that was added to every row.
    func addColumnSums(into gradient: Parameter) {
        let width = gradient.gradient.count
        let g = gradient.gradient.baseAddress
        for row in 0..<(count / Swift.max(width, 1)) {
            // The row's own pointer, not `row * width + column`: an index that can overflow
            // is checked on every element, and the check keeps the loop from vectorising.
            let x = baseAddress + row * width
            for column in 0..<width { g[column] += x[column] }
        }
    }
}
