/// Where long work says how far it has got, for a person watching: the terminal shows it as
/// one line it clears at the end. It only displays; nothing it does changes a number.
public protocol TrainingProgress: AnyObject, Sendable {
    /// `done` of `total` units (`epoch`, `step`) are finished, the last with this loss.
    func report(_ done: Int, of total: Int, unit: String, loss: Float)
}
