using System.Text.Json;
using Moat.Contract.Records;

namespace Moat.Simulation.Corpus;

/// <summary>
/// Reads corpora in the shared layout (<c>organic/*.jsonl</c> with <c>turns</c> or <c>text</c>,
/// <c>distill/*.jsonl</c> with <c>prompt</c>/<c>response</c>/<c>template</c>) or the built-in subset.
/// </summary>
public static class CorpusLoader
{
    private const string ResourcePrefix = "Moat.Simulation.Corpus.Builtin.";

    public static PromptCorpus LoadBuiltin()
    {
        var conversations = ReadConversations(OpenResource("oasst.jsonl"), "builtin/oasst.jsonl", []);
        var benchmark = ReadTasks(OpenResource("t0_templates.jsonl"), "builtin/t0_templates.jsonl", "t0", []);
        var code = ReadTasks(OpenResource("codealpaca.jsonl"), "builtin/codealpaca.jsonl", "code", []);
        return new PromptCorpus(conversations, benchmark, code, [], "built-in");
    }

    /// <summary>Loads a corpus folder; files are read in ordinal name order so the result is stable.</summary>
    public static PromptCorpus LoadDirectory(string dir)
    {
        var organicDir = Path.Combine(dir, "organic");
        var distillDir = Path.Combine(dir, "distill");
        if (!Directory.Exists(organicDir) || !Directory.Exists(distillDir))
            throw new DirectoryNotFoundException($"corpus folder '{dir}' must contain organic/ and distill/");

        var conversations = new List<CorpusConversation>();
        var singles = new List<string>();
        foreach (var file in SortedJsonl(organicDir))
        {
            using var stream = File.OpenRead(file);
            ReadConversations(stream, file, singles, conversations);
        }
        var benchmark = new List<CorpusTask>();
        var code = new List<CorpusTask>();
        var instructions = new List<CorpusTask>();
        foreach (var file in SortedJsonl(distillDir))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            using var stream = File.OpenRead(file);
            var tasks = ReadTasks(stream, file, name, []);
            if (name.Contains("code", StringComparison.OrdinalIgnoreCase)) code.AddRange(tasks);
            else if (tasks.Any(t => t.Group != name)) benchmark.AddRange(tasks);
            else instructions.AddRange(tasks);
        }
        // Prompts shared without an answer become one-turn conversations; answers are borrowed at render time.
        foreach (var (text, i) in singles.Select((t, i) => (t, i)))
            conversations.Add(new CorpusConversation($"single-{i}", [new ChatMessage(ChatRoles.User, text)]));
        return new PromptCorpus(conversations, benchmark, code, instructions, dir);
    }

    private static IEnumerable<string> SortedJsonl(string dir)
    {
        var files = Directory.GetFiles(dir, "*.jsonl");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    private static Stream OpenResource(string name) =>
        typeof(CorpusLoader).Assembly.GetManifestResourceStream(ResourcePrefix + name)
        ?? throw new InvalidOperationException($"built-in corpus resource {name} is missing from the assembly");

    private static List<CorpusConversation> ReadConversations(Stream stream, string origin, List<string> singles, List<CorpusConversation>? into = null)
    {
        var result = into ?? [];
        using var _ = stream;
        using var reader = new StreamReader(stream);
        int lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0) continue;
            using var doc = Parse(line, origin, lineNo);
            var root = doc.RootElement;
            string id = root.TryGetProperty("id", out var idEl) ? idEl.ToString() : $"{origin}:{lineNo}";
            if (root.TryGetProperty("turns", out var turns) && turns.ValueKind == JsonValueKind.Array)
            {
                var messages = new List<ChatMessage>();
                foreach (var t in turns.EnumerateArray())
                {
                    var role = t.GetProperty("role").GetString() == "assistant" ? ChatRoles.Assistant : ChatRoles.User;
                    messages.Add(new ChatMessage(role, t.GetProperty("content").GetString() ?? ""));
                }
                if (messages.Count > 0 && messages[0].Role == ChatRoles.User) result.Add(new CorpusConversation(id, messages.ToArray()));
            }
            else if (root.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 } s)
            {
                singles.Add(s);
            }
        }
        return result;
    }

    private static List<CorpusTask> ReadTasks(Stream stream, string origin, string defaultGroup, List<CorpusTask> result)
    {
        using var _ = stream;
        using var reader = new StreamReader(stream);
        int lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0) continue;
            using var doc = Parse(line, origin, lineNo);
            var root = doc.RootElement;
            string? prompt = Str(root, "prompt") ?? Str(root, "text");
            if (string.IsNullOrEmpty(prompt)) continue;
            result.Add(new CorpusTask(
                Str(root, "id") ?? $"{defaultGroup}-{lineNo}",
                Str(root, "template") ?? defaultGroup,
                prompt,
                Str(root, "response") ?? ""));
        }
        return result;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static JsonDocument Parse(string line, string origin, int lineNo)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{origin}:{lineNo}: not a JSON object ({e.Message})", e);
        }
    }
}
