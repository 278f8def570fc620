import Foundation

/// Loads every YAML file of a folder, in file-name order, with one parser: what the
/// scenario catalogue and the problem bank both do. A file that fails is reported with its
/// file, line and field, and the others still load.
public enum YAMLFolder {
    public static func load<Item>(
        _ folder: URL, parse: (_ text: String, _ file: URL) throws -> Item
    ) -> (items: [Item], errors: [ScenarioError]) {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        var items: [Item] = []
        var errors: [ScenarioError] = []
        for file in files.filter({ $0.pathExtension == "yaml" || $0.pathExtension == "yml" })
            .sorted(by: { $0.lastPathComponent < $1.lastPathComponent })
        {
            do {
                let text: String
                do {
                    text = try String(contentsOf: file, encoding: .utf8)
                } catch {
                    throw ScenarioError(file: file.path, line: nil, field: "(file)", problem: "cannot be read")
                }
                items.append(try parse(text, file))
            } catch let error as ScenarioError {
                errors.append(error)
            } catch {
                errors.append(ScenarioError(file: file.path, line: nil, field: "(file)", problem: "\(error)"))
            }
        }
        return (items, errors)
    }
}
