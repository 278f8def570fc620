import ConvergeEngine
import ConvergeSupport

/// One layer's values in the fixture's per-layer layout (`grads`, `params_after`,
/// `running_stats`): nothing, a layer's tensors by name, or the entries of a composite
/// layer's nested layers by group.
public indirect enum LayerEntry {
    case none
    case tensors([(name: String, value: Tensor)])
    /// A residual block: `{"layers": [...], "shortcut": [...]}`, one entry per nested layer.
    case nested([(group: String, entries: [LayerEntry])])
    /// A Transformer block: `{"ln1": {...}, "attn": {...}, ...}`, one entry per named module.
    case modules([(group: String, entry: LayerEntry)])

    /// The entry of `layer`, taking each plain layer's tensors from `read` (nil when it has
    /// none). A composite layer's entry is always an object, even when nothing inside has values.
    public init(of layer: Layer, reading read: (Layer) -> [(name: String, value: Tensor)]?) {
        if let composite = layer as? CompositeLayer, composite.namesGroupsAsModules {
            self = .modules(
                composite.children.map { group in
                    let tensors = group.layers.flatMap { read($0) ?? [] }
                    return (group.group, .tensors(tensors.map { (name: $0.name, value: $0.value.copy()) }))
                })
        } else if let composite = layer as? CompositeLayer {
            self = .nested(
                composite.children.map { group in
                    (group.group, group.layers.map { LayerEntry(of: $0, reading: read) })
                })
        } else if let tensors = read(layer) {
            self = .tensors(tensors.map { (name: $0.name, value: $0.value.copy()) })
        } else {
            self = .none
        }
    }

    /// Whether any tensor sits at any depth.
    public var holdsValues: Bool {
        switch self {
        case .none: return false
        case .tensors: return true
        case .nested(let groups): return groups.contains { $0.entries.contains(where: \.holdsValues) }
        case .modules(let groups): return groups.contains { $0.entry.holdsValues }
        }
    }

    /// Every tensor with its dotted path inside the layer (`layers.0.weight`), for tables.
    public var flattened: [(path: String, value: Tensor)] {
        switch self {
        case .none: return []
        case .tensors(let tensors): return tensors.map { (path: $0.name, value: $0.value) }
        case .nested(let groups):
            return groups.flatMap { group in
                group.entries.enumerated().flatMap { index, entry in
                    entry.flattened.map { (path: "\(group.group).\(index).\($0.path)", value: $0.value) }
                }
            }
        case .modules(let groups):
            return groups.flatMap { group in
                group.entry.flattened.map { (path: "\(group.group).\($0.path)", value: $0.value) }
            }
        }
    }

    public var json: JSONValue {
        switch self {
        case .none: return .null
        case .tensors(let tensors): return .object(tensors.map { ($0.name, JSONValue($0.value)) })
        case .nested(let groups): return .object(groups.map { ($0.group, .array($0.entries.map(\.json))) })
        case .modules(let groups): return .object(groups.map { ($0.group, $0.entry.json) })
        }
    }
}
