extension Tensor {
    /// Adds `vector` (as long as a row) to every row: a bias added after a matrix product.
    func addRowVector(_ vector: Tensor) {
        let width = vector.count
        let v = vector.baseAddress
        let x = baseAddress
        for row in 0..<(count / Swift.max(width, 1)) {
            for column in 0..<width { x[row * width + column] += v[column] }
        }
    }

    /// Adds the sum of the rows into `gradient` (as long as a row): the gradient of a bias
    /// that was added to every row.
    func addColumnSums(into gradient: Parameter) {
        let width = gradient.gradient.count
        let g = gradient.gradient.baseAddress
        let x = baseAddress
        for row in 0..<(count / Swift.max(width, 1)) {
            for column in 0..<width { g[column] += x[row * width + column] }
        }
    }
}
