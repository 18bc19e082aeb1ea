using Moat.Contract.Records;
using Moat.Simulation.Corpus;

namespace Moat.Simulation.Tests;

public sealed class CorpusTests
{
    [Fact]
    public void Built_in_corpus_has_conversations_benchmark_templates_and_code()
    {
        var corpus = PromptCorpus.Builtin;
        Assert.True(corpus.Conversations.Count >= 40);
        Assert.All(corpus.Conversations, c => Assert.Equal(ChatRoles.User, c.Turns[0].Role));
        Assert.True(corpus.BenchmarkGroups.Count >= 50, "benchmark prompts should span many templates");
        Assert.True(corpus.CodeTasks.Count >= 500);
        Assert.NotEmpty(corpus.AssistantAnswers);
    }

    [Fact]
    public void A_corpus_folder_in_the_shared_layout_is_loaded_by_kind()
    {
        var dir = Path.Combine(Path.GetTempPath(), "moat-corpus-test", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "organic"));
        Directory.CreateDirectory(Path.Combine(dir, "distill"));
        try
        {
            File.WriteAllLines(Path.Combine(dir, "organic", "chats.jsonl"),
            [
                """{"id":"c1","turns":[{"role":"user","content":"hello?"},{"role":"assistant","content":"Hi!"}]}""",
                """{"id":"c2","turns":[{"role":"assistant","content":"starts with the model, so it is skipped"}]}""",
            ]);
            File.WriteAllLines(Path.Combine(dir, "organic", "shared.jsonl"), ["""{"id":"s1","text":"a prompt someone shared"}"""]);
            File.WriteAllLines(Path.Combine(dir, "distill", "bench.jsonl"),
                ["""{"id":"b1","template":"qa","prompt":"Q1","response":"A1"}""", """{"id":"b2","template":"nli","prompt":"Q2"}"""]);
            File.WriteAllLines(Path.Combine(dir, "distill", "codealpaca.jsonl"), ["""{"id":"k1","prompt":"write code","response":"x = 1"}"""]);

            var corpus = CorpusLoader.LoadDirectory(dir);

            Assert.Equal(["c1", "single-0"], corpus.Conversations.Select(c => c.Id));
            Assert.Equal(["qa", "nli"], corpus.BenchmarkGroups.Select(g => g[0].Group));
            Assert.Equal("write code", Assert.Single(corpus.CodeTasks).Prompt);
            Assert.Equal(dir, corpus.Origin);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_folder_without_the_shared_layout_is_rejected_with_its_name()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => CorpusLoader.LoadDirectory("/no/such/corpus"));
        Assert.Contains("/no/such/corpus", e.Message);
    }
}
