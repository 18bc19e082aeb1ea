using Moat.Contract.Records;

namespace Moat.Simulation.Corpus;

/// <summary>A real conversation (user/assistant turns, oldest first).</summary>
public sealed record CorpusConversation(string Id, ChatMessage[] Turns);

/// <summary>A single prompt with the answer a teacher gave; <see cref="Group"/> names its template or source.</summary>
public sealed record CorpusTask(string Id, string Group, string Prompt, string Response);

/// <summary>
/// The texts traffic is composed from: organic conversations for organic users, teacher-harvesting
/// prompt sets for campaigns. Loaded once, read-only afterwards, so render threads share it freely.
/// </summary>
public sealed class PromptCorpus
{
    public PromptCorpus(
        IReadOnlyList<CorpusConversation> conversations,
        IReadOnlyList<CorpusTask> benchmarkTasks,
        IReadOnlyList<CorpusTask> codeTasks,
        IReadOnlyList<CorpusTask> instructionTasks,
        string origin)
    {
        if (conversations.Count == 0) throw new InvalidDataException($"{origin}: no organic conversations");
        if (benchmarkTasks.Count == 0) throw new InvalidDataException($"{origin}: no templated prompt tasks");
        Conversations = conversations;
        BenchmarkTasks = benchmarkTasks;
        CodeTasks = codeTasks.Count > 0 ? codeTasks : benchmarkTasks;
        InstructionTasks = instructionTasks.Count > 0 ? instructionTasks : benchmarkTasks;
        Origin = origin;

        var answers = new List<string>();
        foreach (var c in conversations)
            foreach (var t in c.Turns)
                if (t.Role == ChatRoles.Assistant && t.Content.Length > 0) answers.Add(t.Content);
        AssistantAnswers = answers;

        var groups = new List<string>();
        var byGroup = new Dictionary<string, List<CorpusTask>>(StringComparer.Ordinal);
        foreach (var t in benchmarkTasks)
        {
            if (!byGroup.TryGetValue(t.Group, out var list))
            {
                byGroup[t.Group] = list = [];
                groups.Add(t.Group); // first-seen order keeps template numbering deterministic
            }
            list.Add(t);
        }
        BenchmarkGroups = groups.Select(g => (IReadOnlyList<CorpusTask>)byGroup[g]).ToArray();
    }

    /// <summary>Where the texts came from: "built-in" or a folder.</summary>
    public string Origin { get; }
    public IReadOnlyList<CorpusConversation> Conversations { get; }
    /// <summary>Benchmark-style prompts filled from fixed templates (T0 / self-instruct).</summary>
    public IReadOnlyList<CorpusTask> BenchmarkTasks { get; }
    /// <summary><see cref="BenchmarkTasks"/> grouped by template, in first-seen order.</summary>
    public IReadOnlyList<IReadOnlyList<CorpusTask>> BenchmarkGroups { get; }
    public IReadOnlyList<CorpusTask> CodeTasks { get; }
    /// <summary>Free-form instructions (seed tasks, shared user prompts).</summary>
    public IReadOnlyList<CorpusTask> InstructionTasks { get; }
    /// <summary>Every assistant turn, to answer prompts that came without an answer.</summary>
    public IReadOnlyList<string> AssistantAnswers { get; }

    private static readonly Lazy<PromptCorpus> BuiltinInstance = new(CorpusLoader.LoadBuiltin);

    /// <summary>The Apache-2.0 subset embedded in this assembly (see Corpus/Builtin/NOTICE).</summary>
    public static PromptCorpus Builtin => BuiltinInstance.Value;
}
