using System.Globalization;
using System.Text;
using Moat.Contract.Records;
using Moat.Simulation.Corpus;
using Moat.Simulation.Population;
using Moat.Simulation.Randomness;
using Moat.Simulation.Scheduling;

namespace Moat.Simulation.Content;

/// <summary>
/// Turns a scheduled slot into a full exchange: prompt and answer from the corpus, shaped by the
/// actor's persona, plus model, tokens, latency and network identity. A pure function of the slot,
/// its sequence number and the seed, so any thread may render any slot.
/// </summary>
public sealed class ExchangeComposer
{
    private const int StreamContent = 0xC0_47E7;
    private static readonly string MiniSuffix = "-mini";

    private readonly SimulationOptions _options;
    private readonly Population.Population _population;
    private readonly PromptCorpus _corpus;
    private readonly long _releaseTicks;
    // Model names are built once: concatenating per exchange would allocate millions of equal strings.
    private readonly string _modelMini;
    private readonly string _newModelMini;

    public ExchangeComposer(SimulationOptions options, Population.Population population, PromptCorpus corpus)
    {
        _options = options;
        _population = population;
        _corpus = corpus;
        _releaseTicks = options.Start.AddDays(options.NewModelReleaseDay).Ticks;
        _modelMini = options.Model + MiniSuffix;
        _newModelMini = options.NewModel + MiniSuffix;
    }

    /// <summary>Builds exchange number <paramref name="sequence"/>; <paramref name="messages"/> is a scratch list the result refers to.</summary>
    public Exchange Compose(in ScheduledExchange slot, long sequence, List<ChatMessage> messages)
    {
        var rng = SimRandom.For(_options.Seed, StreamContent, sequence);
        var actor = _population.Actors[slot.Actor];
        messages.Clear();
        var draft = actor.Persona switch
        {
            Personas.Developer => Developer(actor, slot, ref rng, messages),
            Personas.EnterpriseBatch => Enterprise(actor, slot, ref rng, messages),
            Personas.ResearchEval => Research(actor, slot, ref rng, messages),
            Personas.AgentFramework => Agent(actor, slot, ref rng, messages),
            Personas.Casual or Personas.SharedNat or Personas.Vpn => Conversation(actor, slot, ref rng, messages),
            _ => Attack(actor, slot, ref rng, messages),
        };

        if (_options.HistoryChars > 0) TrimHistory(messages, _options.HistoryChars);
        var ts = new DateTime(slot.Ticks, DateTimeKind.Utc);
        string model = ChooseModel(actor, slot.Ticks, draft.Mini, ref rng);

        int inputChars = (draft.System?.Length ?? 0);
        foreach (var m in messages) inputChars += m.Content.Length;
        int inputTokens = inputChars / 4 + 8 + actor.Tools * 110;
        int outputTokens = Math.Max(1, (int)(draft.Response.Length / 4.0 * draft.OutputStretch));
        int? reasoningTokens = draft.Reasoning ? (int)rng.LogNormal(Math.Log(900), 0.7) : null;
        int maxTokens = Math.Max(actor.MaxTokens, outputTokens + (reasoningTokens ?? 0));

        int status = 200;
        double roll = rng.NextDouble();
        if (roll < _options.ErrorRate) status = rng.Chance(0.7) ? 529 : 500;
        else if (actor.Campaign >= 0 && roll < _options.ErrorRate + 0.01) status = 429; // brushing the rate limit
        bool ok = status == 200;
        int latency = (int)(250 + rng.Exponential(150) + (ok ? outputTokens * 12 + (reasoningTokens ?? 0) * 10 : 0));

        return new Exchange
        {
            Id = $"ex_{sequence:D9}",
            Ts = ts,
            AccountId = actor.AccountId,
            OrgId = actor.Account.OrgId,
            ApiKeyId = actor.ApiKeyId(actor.ApiKeys == 1 ? 0 : rng.Next(actor.ApiKeys)),
            Ip = ChooseAddress(actor, slot, ref rng),
            UserAgent = actor.Client.UserAgent,
            TlsFingerprint = actor.Client.TlsFingerprint,
            Endpoint = actor.Client.Endpoint,
            Model = model,
            Request = new ExchangeRequest
            {
                System = draft.System,
                Messages = messages,
                Tools = actor.Tools > 0 ? actor.Tools : draft.Tools,
                MaxTokens = maxTokens,
                Temperature = actor.Temperature,
                Stream = actor.Stream,
                Reasoning = draft.Reasoning,
            },
            Response = new ExchangeResponse
            {
                Status = status,
                Text = ok ? ResponseText(draft.Response) : null,
                InputTokens = inputTokens,
                OutputTokens = ok ? outputTokens : 0,
                ReasoningTokens = ok ? reasoningTokens : null,
                FinishReason = ok ? draft.FinishReason : null,
                LatencyMs = latency,
            },
        };
    }

    /// <summary>What a persona decided; the rest of the exchange is common.</summary>
    private readonly record struct Draft(string? System, string Response, bool Reasoning = false, string FinishReason = "end_turn",
        double OutputStretch = 1.0, bool Mini = false, int? Tools = null);

    /// <summary>Cuts every message before the last user message to <paramref name="chars"/> characters.</summary>
    private static void TrimHistory(List<ChatMessage> messages, int chars)
    {
        int last = messages.FindLastIndex(m => m.Role == ChatRoles.User);
        for (int i = 0; i < last; i++)
        {
            if (messages[i].Content.Length > chars) messages[i] = messages[i] with { Content = Truncate(messages[i].Content, chars) };
        }
    }

    private string? ResponseText(string text) => _options.ResponseText switch
    {
        ResponseTextMode.None => null,
        ResponseTextMode.Truncate when text.Length > _options.ResponseTextChars => Truncate(text, _options.ResponseTextChars),
        _ => text,
    };

    private static string Truncate(string text, int chars)
    {
        // Never split a surrogate pair: the JSON writer would turn half a pair into U+FFFD.
        if (chars > 0 && char.IsHighSurrogate(text[chars - 1])) chars--;
        return text[..chars];
    }

    private string ChooseModel(Actor actor, long ticks, bool mini, ref SimRandom rng)
    {
        bool newModel = false;
        if (ticks >= _releaseTicks)
        {
            double hours = (ticks - _releaseTicks) / (double)TimeSpan.TicksPerHour;
            double share;
            if (actor.Campaign >= 0)
            {
                // Pivoting campaigns move within a day of the release.
                double pivot = _population.Campaigns[actor.Campaign].Spec.PivotShare;
                share = pivot * Math.Min(1, hours / 24);
            }
            else
            {
                share = Math.Min(0.5, _options.OrganicAdoptionPerDay * (1 + hours / 24));
            }
            newModel = rng.Chance(share);
        }
        mini |= actor.PrefersMini || rng.Chance(actor.Campaign >= 0 ? 0.02 : 0.25);
        return (newModel, mini) switch
        {
            (false, false) => _options.Model,
            (false, true) => _modelMini,
            (true, false) => _options.NewModel,
            (true, true) => _newModelMini,
        };
    }

    private static string ChooseAddress(Actor actor, in ScheduledExchange slot, ref SimRandom rng)
    {
        if (actor.Campaign >= 0 && actor.AddressPool is { } proxies)
        {
            // Mimicking campaigns keep to their own address like a person would; others rotate exits per request.
            if (actor.Rhythm == Rhythm.Diurnal) return rng.Chance(0.9) ? actor.HomeIp : proxies[rng.Next(proxies.Count)];
            return proxies[rng.Next(proxies.Count)];
        }
        if (actor.AddressPool is { Count: > 0 } pool)
            return pool[(int)((uint)(slot.Conversation ^ actor.Key) % (uint)pool.Count)];
        if (actor.RoamingIp && (slot.Conversation & 7) == 0)
        {
            var roam = SimRandom.For(actor.Key, slot.Conversation);
            return AddressSpace.Neighbour(actor.HomeIp, ref roam);
        }
        return actor.HomeIp;
    }

    // ---- Organic personas ----------------------------------------------------------------

    /// <summary>A real multi-turn conversation, replayed turn by turn across a session.</summary>
    private Draft Conversation(Actor actor, in ScheduledExchange slot, ref SimRandom rng, List<ChatMessage> messages)
    {
        // Some sessions are everyday questions composed from slot templates rather than a corpus replay.
        long key = slot.Conversation ^ actor.Key;
        if ((key & 0xFF) < ComposedShare * 256)
        {
            // Speakers of other languages ask some everyday questions in their own language.
            if (slot.Turn == 0 && ((key >> 8) & 3) == 0 && OrganicPrompts.InLanguage(actor.Language, key >> 10) is { } native)
            {
                messages.Add(new ChatMessage(ChatRoles.User, native));
                return new Draft(null, rng.Pick(_corpus.AssistantAnswers), OutputStretch: rng.LogNormal(0, 0.3));
            }
            return ComposedConversation(key, slot.Turn, ref rng, messages);
        }
        string response = AppendConversation(actor, slot.Conversation, slot.Turn, ref rng, messages, languageRequest: true);
        string? system = (actor.Key & 3) == 0 ? "You are a helpful assistant." : null;
        return new Draft(system, response, OutputStretch: rng.LogNormal(0, 0.2));
    }

    /// <summary>Share of organic chat sessions composed from slot templates.</summary>
    private const double ComposedShare = 0.4;

    private Draft ComposedConversation(long key, int turn, ref SimRandom rng, List<ChatMessage> messages)
    {
        // History: the earlier composed turns with borrowed answers, derived from the key alone.
        var history = new SimRandom((ulong)key ^ 0xA5A5);
        var answers = _corpus.AssistantAnswers;
        int shown = Math.Min(turn, 4);
        for (int t = turn - shown; t < turn; t++)
        {
            var turnRng = new SimRandom((ulong)(key + t));
            string earlier = OrganicPrompts.Compose(key, t, ref turnRng);
            messages.Add(new ChatMessage(ChatRoles.User, t == 0 ? PromptVariation.Vary(earlier, key) : earlier));
            messages.Add(new ChatMessage(ChatRoles.Assistant, answers[history.Next(answers.Count)]));
        }
        var promptRng = new SimRandom((ulong)(key + turn));
        string prompt = OrganicPrompts.Compose(key, turn, ref promptRng);
        messages.Add(new ChatMessage(ChatRoles.User, turn == 0 ? PromptVariation.Vary(prompt, key) : prompt));
        return new Draft(null, rng.Pick(answers), OutputStretch: rng.LogNormal(0, 0.3));
    }

    /// <summary>Adds the history and prompt of turn <paramref name="turn"/>, returns the answer.</summary>
    private string AppendConversation(Actor actor, int conversation, int turn, ref SimRandom rng, List<ChatMessage> messages, bool languageRequest)
    {
        var convos = _corpus.Conversations;
        var c = convos[(int)((uint)(conversation ^ (int)actor.Key) % (uint)convos.Count)];
        int userTurns = 0;
        foreach (var t in c.Turns) if (t.Role == ChatRoles.User) userTurns++;
        int target = turn % Math.Max(1, userTurns);
        int seen = -1;
        string response = "";
        for (int i = 0; i < c.Turns.Length; i++)
        {
            var t = c.Turns[i];
            if (t.Role == ChatRoles.User && ++seen > target) break;
            if (t.Role == ChatRoles.User && seen == 0 && target > 0)
            {
                // The opening as this user phrased it, the same on every later turn.
                messages.Add(new ChatMessage(ChatRoles.User, Opening(actor, t.Content, conversation, languageRequest)));
                continue;
            }
            if (seen == target && t.Role == ChatRoles.User)
            {
                string content = seen == 0 ? Opening(actor, t.Content, conversation, languageRequest) : t.Content;
                messages.Add(new ChatMessage(ChatRoles.User, content));
                response = i + 1 < c.Turns.Length && c.Turns[i + 1].Role == ChatRoles.Assistant
                    ? c.Turns[i + 1].Content
                    : rng.Pick(_corpus.AssistantAnswers);
                break;
            }
            messages.Add(t);
        }
        if (messages.Count == 0) messages.Add(new ChatMessage(ChatRoles.User, c.Turns[0].Content));
        return response.Length > 0 ? response : rng.Pick(_corpus.AssistantAnswers);
    }

    /// <summary>A conversation's first prompt as this user writes it: own phrasing, sometimes asking for their language.</summary>
    private static string Opening(Actor actor, string prompt, int conversation, bool languageRequest)
    {
        string content = PromptVariation.Vary(prompt, conversation ^ actor.Key);
        if (languageRequest && actor.Language != "en" && (actor.Key & 1) == 0 && PromptCatalog.LanguageRequest(actor.Language) is { } ask)
            content = ask + "\n\n" + content;
        return content;
    }

    /// <summary>An app with a fixed system prompt filling one template with its users' text.</summary>
    private Draft Developer(Actor actor, in ScheduledExchange slot, ref SimRandom rng, List<ChatMessage> messages)
    {
        var convo = _corpus.Conversations[rng.Next(_corpus.Conversations.Count)];
        // The app's users write anything: corpus prompts and composed everyday questions.
        string text = rng.Chance(0.5) ? convo.Turns[0].Content : OrganicPrompts.Compose((long)rng.NextULong(), 0, ref rng);
        string template = PromptCatalog.DeveloperTemplates[actor.Template];
        string prompt = template.Replace("{t}", text, StringComparison.Ordinal)
            .Replace("{lang}", PromptCatalog.LanguageName(actor.Language), StringComparison.Ordinal);
        messages.Add(new ChatMessage(ChatRoles.User, prompt));
        string response = convo.Turns.Length > 1 ? convo.Turns[1].Content : rng.Pick(_corpus.AssistantAnswers);
        return new Draft(actor.SystemPrompt, response, OutputStretch: rng.LogNormal(-0.2, 0.3), Mini: actor.PrefersMini);
    }

    /// <summary>Huge templated batch: one org template, numbered records, short structured answers.</summary>
    private Draft Enterprise(Actor actor, in ScheduledExchange slot, ref SimRandom rng, List<ChatMessage> messages)
    {
        var (template, answers) = PromptCatalog.EnterpriseTemplates[actor.Template];
        var convo = _corpus.Conversations[rng.Next(_corpus.Conversations.Count)];
        var turn = convo.Turns[rng.Next(convo.Turns.Length)].Content;
        string record = turn.Length > 600 ? turn[..600] : turn;
        string prompt = template
            .Replace("{n}", (100_000 + (uint)slot.Conversation % 900_000 + (uint)slot.Turn).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{t}", record, StringComparison.Ordinal);
        messages.Add(new ChatMessage(ChatRoles.User, prompt));
        return new Draft(null, answers[rng.Next(answers.Length)], Mini: true);
    }

    /// <summary>A benchmark run: the lab's benchmark prompts in order, reasoning requested.</summary>
    private Draft Research(Actor actor, in ScheduledExchange slot, ref SimRandom rng, List<ChatMessage> messages)
    {
        // A run walks through the benchmark in order from where the lab's harness starts it.
        var tasks = _corpus.BenchmarkTasks;
        int start = (int)((uint)(actor.Template * 7919 + (slot.Conversation & 0xFFFF)) % (uint)tasks.Count);
        var task = tasks[(start + slot.Turn) % tasks.Count];
        messages.Add(new ChatMessage(ChatRoles.User, task.Prompt));
        string system = PromptCatalog.ResearchSystemPrompts[actor.Template % PromptCatalog.ResearchSystemPrompts.Count];
        string answer = task.Response.Length > 0 ? task.Response : rng.Pick(_corpus.AssistantAnswers);
        return new Draft(system.Length == 0 ? null : system, answer, Reasoning: true, OutputStretch: rng.LogNormal(0.5, 0.4));
    }

    /// <summary>One step of a long agent session: the task, then alternating tool calls and observations.</summary>
    private Draft Agent(Actor actor, in ScheduledExchange slot, ref SimRandom rng, List<ChatMessage> messages)
    {
        var tasks = _corpus.CodeTasks;
        var task = tasks[(int)((uint)(slot.Conversation ^ (int)actor.Key) % (uint)tasks.Count)];
        messages.Add(new ChatMessage(ChatRoles.User, task.Prompt));
        int steps = Math.Min(slot.Turn, 12); // frameworks trim old steps from the context
        var trace = new SimRandom((ulong)(slot.Conversation ^ actor.Key));
        for (int s = 0; s < steps; s++)
        {
            string tool = trace.Pick(PromptCatalog.ToolNames);
            messages.Add(new ChatMessage(ChatRoles.Assistant, $"Calling {tool} to make progress on step {s + 1}."));
            messages.Add(new ChatMessage(ChatRoles.Tool, $"{{\"tool\":\"{tool}\",\"ok\":true,\"output\":\"{Observation(ref trace)}\"}}"));
        }
        bool last = rng.Chance(0.08);
        string response = last
            ? (task.Response.Length > 0 ? task.Response : rng.Pick(_corpus.AssistantAnswers))
            : $"I'll call {rng.Pick(PromptCatalog.ToolNames)} next to check the result.";
        string system = PromptCatalog.AgentSystemPrompts[actor.Template % PromptCatalog.AgentSystemPrompts.Count];
        return new Draft(system, response, FinishReason: last ? "end_turn" : "tool_use", OutputStretch: last ? 1 : 3);
    }

    private static string Observation(ref SimRandom rng) => rng.Next(4) switch
    {
        0 => "3 files matched",
        1 => "tests: 41 passed, 2 failed",
        2 => "HTTP 200, 18 KB",
        _ => "rows: " + rng.Next(1, 500).ToString(CultureInfo.InvariantCulture),
    };

    // ---- Attack personas -----------------------------------------------------------------

    /// <summary>Harvesting: a corpus prompt wrapped in one of the campaign's framings, sometimes paraphrased.</summary>
    private Draft Attack(Actor actor, in ScheduledExchange slot, ref SimRandom rng, List<ChatMessage> messages)
    {
        var campaign = _population.Campaigns[actor.Campaign];
        var spec = campaign.Spec;
        if (rng.Chance(spec.OrdinaryShare))
        {
            // Resold customer traffic: what the reseller's own customers ask, mixed into the same accounts.
            return Conversation(actor, slot, ref rng, messages);
        }
        int templateIndex = campaign.Templates[rng.Next(campaign.Templates.Length)];
        var template = PromptCatalog.HarvestTemplates[templateIndex];
        var task = HarvestTask(template.Capability, ref rng);
        string prompt = template.Text.Replace("{p}", task.Prompt, StringComparison.Ordinal);
        if (template.Capability == Capability.RewardGrading)
        {
            prompt = prompt.Replace("{r}", task.Response.Length > 0 ? task.Response : rng.Pick(_corpus.AssistantAnswers), StringComparison.Ordinal)
                .Replace("{r2}", rng.Pick(_corpus.AssistantAnswers), StringComparison.Ordinal);
        }
        if (rng.Chance(spec.ParaphraseRate)) prompt = Paraphrase(prompt, ref rng);
        messages.Add(new ChatMessage(ChatRoles.User, prompt));
        if (template.Capability == Capability.AgenticToolUse)
        {
            // Harvested agent trajectories: the same task replayed with a growing synthetic trace, as agent users send.
            int steps = rng.Next(0, 8);
            for (int s = 0; s < steps; s++)
            {
                string tool = rng.Pick(PromptCatalog.ToolNames);
                messages.Add(new ChatMessage(ChatRoles.Assistant, $"Thought: I need more information. Calling {tool}."));
                messages.Add(new ChatMessage(ChatRoles.Tool, $"{{\"tool\":\"{tool}\",\"ok\":true,\"output\":\"{Observation(ref rng)}\"}}"));
            }
        }

        string response = template.Capability switch
        {
            Capability.RewardGrading => $"{{\"helpfulness\": {rng.Next(3, 10)}, \"correctness\": {rng.Next(3, 10)}, \"harmlessness\": {rng.Next(7, 11)}, \"rationale\": \"The response addresses the prompt but could be more precise.\"}}",
            _ => task.Response.Length > 0 ? task.Response : rng.Pick(_corpus.AssistantAnswers),
        };
        bool reasoning = actor.Reasoning || template.Capability == Capability.ReasoningTrace;
        int? tools = template.Capability == Capability.AgenticToolUse ? 8 + (int)((uint)actor.Key % 16) : null;
        // Distillers ask for long answers: the teacher's output is what they are paying for.
        double stretch = Math.Max(1, rng.LogNormal(Math.Log(Math.Max(1, 900.0 * 4 / Math.Max(40, response.Length))), 0.5));
        return new Draft(null, response, Reasoning: reasoning, OutputStretch: stretch, Tools: tools,
            FinishReason: rng.Chance(0.12) ? "max_tokens" : "end_turn");
    }

    private CorpusTask HarvestTask(Capability capability, ref SimRandom rng) => capability switch
    {
        Capability.Coding or Capability.AgenticToolUse => rng.Pick(_corpus.CodeTasks),
        Capability.LongHorizonPlanning => rng.Chance(0.7)
            ? new CorpusTask("plan", "plan", rng.Pick(PromptCatalog.PlanningGoals), rng.Pick(_corpus.AssistantAnswers))
            : rng.Pick(_corpus.InstructionTasks),
        Capability.ReasoningTrace or Capability.RewardGrading => rng.Pick(_corpus.BenchmarkTasks),
        _ => rng.Chance(0.5) ? rng.Pick(_corpus.BenchmarkTasks) : rng.Chance(0.5) ? rng.Pick(_corpus.CodeTasks) : rng.Pick(_corpus.InstructionTasks),
    };

    private static string Paraphrase(string prompt, ref SimRandom rng)
    {
        var sb = new StringBuilder(prompt);
        int changes = 0;
        foreach (var (from, to) in PromptCatalog.Paraphrases)
        {
            if (rng.Chance(0.6) && prompt.Contains(from, StringComparison.Ordinal))
            {
                sb.Replace(from, to);
                changes++;
            }
        }
        if (changes == 0)
        {
            // Nothing to swap: vary the framing around the prompt instead.
            return rng.Next(3) switch
            {
                0 => "Hi! " + prompt,
                1 => prompt + "\n\nThanks in advance.",
                _ => prompt.TrimEnd() + " Please be precise.",
            };
        }
        return sb.ToString();
    }
}
