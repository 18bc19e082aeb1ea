using Moat.Detection.Features;

namespace Moat.Detection.Tests;

public sealed class PromptContentTests
{
    private static TemplateBands Bands(string prompt)
    {
        var buffer = new ulong[PromptTokens.MaxTokens];
        var shape = PromptNormaliser.Tokenise(prompt, buffer);
        var bands = new TemplateBands();
        TemplateSketch.Compute(buffer.AsSpan(0, shape.Tokens), shape.FirstLine, shape.LastLineStart, ref bands);
        return bands;
    }

    private static int SharedBands(string a, string b)
    {
        var x = Bands(a);
        var y = Bands(b);
        int same = 0;
        for (int i = 0; i < TemplateSketch.Bands; i++) if (x[i] == y[i]) same++;
        return same;
    }

    [Fact]
    public void Slot_values_normalise_to_one_pattern()
    {
        string a = PromptNormaliser.Pattern("Translate \"good morning\" into French for Maria, order 4412, see https://ex.am/ple");
        string b = PromptNormaliser.Pattern("Translate \"where is the station\" into French for Olek, order 17, see http://other.org/x?y=1");
        Assert.Equal(a, b);
        Assert.Equal("translate <quoted> into <name> for <name> order <num> see <url>", a);
    }

    [Fact]
    public void Code_blocks_and_inline_code_are_slots()
    {
        Assert.Equal("fix <code> please", PromptNormaliser.Pattern("Fix ```python\nprint(1)\n``` please"));
        Assert.Equal("rename <code> to <code>", PromptNormaliser.Pattern("rename `foo_bar` to `bazQux`"));
    }

    [Fact]
    public void Same_template_with_different_slot_values_has_identical_bands()
    {
        Assert.True(SharedBands(
            "Solve step by step and show all reasoning.\n\nProblem 1812: how many primes are below 100?",
            "Solve step by step and show all reasoning.\n\nProblem 77: what is the capital of \"Peru\"?") >= TemplateSketch.BandsPerSegment);
        // The head line is identical, so all of its bands agree even though the content differs entirely.
        var x = Bands("Solve step by step and show all reasoning.\n\nProblem 1812: how many primes are below 100?");
        var y = Bands("Solve step by step and show all reasoning.\n\nWhy is the sky blue at noon and red at dusk?");
        for (int i = 0; i < TemplateSketch.BandsPerSegment; i++) Assert.Equal(x[i], y[i]);
    }

    [Fact]
    public void Trailing_instruction_is_caught_by_the_tail_sketch()
    {
        var x = Bands("Write a function that reverses a list.\n\nReturn only code in a single block, production quality, with docstrings.");
        var y = Bands("Parse a CSV file into objects and sum the third column.\n\nReturn only code in a single block, production quality, with docstrings.");
        for (int i = TemplateSketch.BandsPerSegment; i < TemplateSketch.Bands; i++) Assert.Equal(x[i], y[i]);
        for (int i = 0; i < TemplateSketch.BandsPerSegment; i++) Assert.NotEqual(x[i], y[i]);
    }

    [Fact]
    public void A_light_paraphrase_usually_shares_a_band_and_unrelated_prompts_rarely_do()
    {
        string[] originals =
        [
            "Please solve the following problem step by step and show all of your reasoning",
            "You are an expert tutor so explain every step of the derivation in detail",
            "Think carefully about the question below and write out your full chain of thought",
            "Grade the answer below against the rubric and give a score from one to ten",
            "Decide the next tool call for the agent run and return it as a JSON object",
            "Write a complete well commented solution and include unit tests for every function",
        ];
        string[] paraphrases =
        [
            "Please solve this problem step by step and show all of your reasoning",
            "You are an expert tutor so explain each step of the derivation in detail",
            "Think carefully about the question below and write out your whole chain of thought",
            "Grade this answer against the rubric and give a score from one to ten",
            "Decide the next tool call for this agent run and return it as a JSON object",
            "Write a complete well commented solution and include unit tests for each function",
        ];
        int paraphraseHits = 0, unrelatedHits = 0, unrelatedPairs = 0;
        for (int i = 0; i < originals.Length; i++)
        {
            if (SharedBands(originals[i], paraphrases[i]) > 0) paraphraseHits++;
            for (int j = 0; j < originals.Length; j++)
            {
                if (i == j) continue;
                unrelatedPairs++;
                if (SharedBands(originals[i], paraphrases[j]) > 0) unrelatedHits++;
            }
        }
        Assert.True(paraphraseHits >= 5, $"only {paraphraseHits} of 6 paraphrases share a band");
        Assert.True(unrelatedHits <= 2, $"{unrelatedHits} of {unrelatedPairs} unrelated pairs share a band");
    }

    [Theory]
    [InlineData("Write a Python function that parses ISO dates and add unit tests", 0, false, Capability.Coding)]
    [InlineData("Fix this: ```js\nconst x = 1\n``` and refactor it", 0, false, Capability.Coding)]
    [InlineData("Decide the next tool call and return the action to execute", 3, false, Capability.AgenticToolUse)]
    [InlineData("Draft a six-month roadmap with milestones, phases and dependencies for the launch plan", 0, false, Capability.LongHorizonPlanning)]
    [InlineData("Explain your reasoning step by step before answering: is 91 prime?", 0, true, Capability.ReasoningTrace)]
    [InlineData("Write a birthday poem for my sister", 0, false, Capability.Other)]
    public void Capability_comes_from_structure_and_stem_families(string prompt, int tools, bool reasoning, Capability expected)
    {
        var shape = PromptNormaliser.Tokenise(prompt, new ulong[PromptTokens.MaxTokens]);
        Assert.Equal(expected, CapabilityClassifier.Classify(shape, tools, reasoning));
    }

    [Theory]
    [InlineData("Solve this step by step and show your reasoning", true)]
    [InlineData("Walk me through your thinking; justify each deduction", true)] // reworded, same family
    [InlineData("What is the capital of Peru?", false)]
    public void Chain_of_thought_elicitation_survives_rewording(string prompt, bool expected)
    {
        var shape = PromptNormaliser.Tokenise(prompt, new ulong[PromptTokens.MaxTokens]);
        Assert.Equal(expected, CapabilityClassifier.ElicitsChainOfThought(shape));
    }

    [Theory]
    [InlineData("Grade the response against this rubric and output a score from 1 to 10", true)]
    [InlineData("Which of the two answers is better? Judge them and rank A or B by helpfulness", true)]
    [InlineData("Tell me a story about a dragon", false)]
    public void Grading_requests_are_recognised(string prompt, bool expected)
    {
        var shape = PromptNormaliser.Tokenise(prompt, new ulong[PromptTokens.MaxTokens]);
        Assert.Equal(expected, CapabilityClassifier.AsksForGrading(shape));
    }
}
