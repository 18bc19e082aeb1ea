using Moat.Simulation.Randomness;

namespace Moat.Simulation.Content;

/// <summary>A framing a distiller wraps around harvested prompts; <c>{p}</c> is the prompt.</summary>
public sealed record HarvestTemplate(Capability Capability, string Text);

/// <summary>
/// Hand-written prompt scaffolding: system prompts and templates of legitimate integrations, and
/// the framings distillation campaigns use (modelled on public teacher-harvesting prompt sets:
/// step-by-step elicitation, grading rubrics, agent traces). The substance always comes from the corpus.
/// </summary>
public static class PromptCatalog
{
    public static readonly IReadOnlyList<string> DeveloperSystemPrompts =
    [
        "You are the support assistant of {0}. Answer customer questions politely and concisely. If you do not know, say so and offer to open a ticket.",
        "You are {0}'s writing helper. Keep the user's tone, fix grammar and clarity, and never invent facts.",
        "You are a helpful assistant embedded in the {0} app. Use short paragraphs and markdown lists where useful.",
        "You summarise documents for {0} users. Output at most five bullet points, each under 25 words.",
        "You are {0}Bot, a tutor for high-school students. Explain step by step and ask a check question at the end.",
        "You translate product content for {0}. Preserve markdown, placeholders like {{name}} and brand names.",
    ];

    public static string DeveloperSystemPrompt(int index, string brand) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, DeveloperSystemPrompts[index], char.ToUpperInvariant(brand[0]) + brand[1..]);

    /// <summary>Developer integrations fill one template with their users' text (<c>{t}</c>).</summary>
    public static readonly IReadOnlyList<string> DeveloperTemplates =
    [
        "{t}",
        "Customer message:\n\"\"\"\n{t}\n\"\"\"\nWrite a reply.",
        "Summarize the following text:\n\n{t}",
        "Rewrite this so it is clearer and friendlier:\n\n{t}",
        "Context from our help center is attached below.\n\nUser question: {t}",
        "Translate into {lang}:\n\n{t}",
    ];

    /// <summary>Enterprise batch jobs: one template per organisation, short structured answers.</summary>
    public static readonly IReadOnlyList<(string Template, string[] Answers)> EnterpriseTemplates =
    [
        ("Classify the following support ticket into exactly one of: billing, technical, account, feedback, other. Reply with the label only.\n\nTicket #{n}:\n{t}", ["technical", "billing", "account", "feedback", "other"]),
        ("Extract the product names, people and dates mentioned in the text below as JSON with keys products, people, dates.\n\nRecord {n}:\n{t}", ["{\"products\": [], \"people\": [], \"dates\": []}", "{\"products\": [\"Surface\"], \"people\": [], \"dates\": [\"2024-03-01\"]}", "{\"products\": [], \"people\": [\"Maria\"], \"dates\": []}"]),
        ("Rate the sentiment of this review from 1 (very negative) to 5 (very positive). Answer with a single digit.\n\nReview {n}: {t}", ["4", "2", "5", "3", "1"]),
        ("Does the following message contain personal data (names, addresses, phone numbers)? Answer yes or no, then list the spans.\n\nMessage {n}: {t}", ["no", "yes: a first name", "no", "yes: an email address"]),
        ("Write a one-sentence summary of call note {n} for the CRM:\n{t}", ["Customer asked about the next steps and will follow up next week.", "Caller reported a problem and was given a workaround.", "Prospect requested pricing details for the team plan."]),
    ];

    public static readonly IReadOnlyList<string> AgentSystemPrompts =
    [
        "You are a coding agent working in a repository. Use the tools to read files, run tests and edit code. Think before each tool call and stop when the task is done.",
        "You are a research assistant agent. Use web_search and fetch_page to gather sources, then write a cited answer.",
        "You are an operations agent for a logistics company. Use the database and ticket tools to resolve the user's request.",
        "You are a data analysis agent. Use run_python to load and analyse data; report findings with numbers.",
    ];

    public static readonly IReadOnlyList<string> ToolNames =
        ["read_file", "write_file", "run_tests", "search_code", "web_search", "fetch_page", "run_python", "query_db", "create_ticket", "send_email", "list_dir", "git_diff"];

    /// <summary>Objectives for long-horizon planning harvest (the corpus has few planning prompts).</summary>
    public static readonly IReadOnlyList<string> PlanningGoals =
    [
        "Migrate a ten-year-old monolithic e-commerce backend to services without downtime.",
        "Launch a B2B SaaS product for dental clinics in three European countries within a year.",
        "Set up a hospital's disaster-recovery plan for its patient-records system.",
        "Organise a 2,000-person academic conference with hybrid attendance.",
        "Build a data platform that unifies sales, support and product analytics for a 500-person company.",
        "Prepare a small manufacturer for ISO 27001 certification.",
        "Write, test and publish an open-source library for time-series anomaly detection.",
        "Reduce a city's bus network travel times by 15% over three years.",
        "Train and deploy a speech-recognition model for a low-resource language.",
        "Renovate a 1930s house to a low-energy standard on a fixed budget.",
        "Plan a research programme to evaluate a new battery chemistry from lab to pilot line.",
        "Move a 40-person engineering team from quarterly releases to continuous delivery.",
    ];

    public static readonly IReadOnlyList<string> ResearchSystemPrompts =
    [
        "Answer the question. Put the final answer on the last line after 'Answer:'.",
        "You are being evaluated. Think carefully, then give only the final answer.",
        "",
    ];

    public static readonly IReadOnlyList<HarvestTemplate> HarvestTemplates =
    [
        new(Capability.General, "{p}"),
        new(Capability.General, "Answer the following as a world-class expert. Be thorough and complete.\n\n{p}"),
        new(Capability.General, "### Instruction:\n{p}\n\n### Response:"),
        new(Capability.General, "Please provide a detailed, high-quality answer to the task below.\n\nTask: {p}"),
        new(Capability.General, "{p}\n\nGive your best possible answer, with explanations."),
        new(Capability.General, "You will be given a task. Complete it carefully.\n<task>\n{p}\n</task>"),
        new(Capability.ReasoningTrace, "Solve step by step and show all reasoning before the final answer.\n\n{p}"),
        new(Capability.ReasoningTrace, "{p}\n\nLet's think step by step. Write out every intermediate step, then state the answer."),
        new(Capability.ReasoningTrace, "Explain your full chain of thought in detail, including any dead ends, and then answer:\n{p}"),
        new(Capability.ReasoningTrace, "Question: {p}\nReasoning (be exhaustive):"),
        new(Capability.Coding, "Write a complete, well-commented solution. Include unit tests.\n\n{p}"),
        new(Capability.Coding, "{p}\n\nReturn only code in a single block, production quality, with docstrings."),
        new(Capability.Coding, "You are a senior software engineer. {p} Explain the design decisions after the code."),
        new(Capability.Coding, "Implement the following and explain its time and space complexity:\n{p}"),
        new(Capability.AgenticToolUse, "You have access to the tools listed. Plan which tools to call and in what order, then emit the first call.\n\nGoal: {p}"),
        new(Capability.AgenticToolUse, "Act as an autonomous agent. For the task below, produce the full trajectory: thought, tool call, observation, until done.\n\nTask: {p}"),
        new(Capability.AgenticToolUse, "Continue the agent run. Decide the next tool call for: {p}"),
        new(Capability.LongHorizonPlanning, "Create a detailed multi-week plan with milestones, risks and checkpoints for this goal:\n{p}"),
        new(Capability.LongHorizonPlanning, "Break the following objective into at least 15 ordered subtasks with dependencies and estimates:\n{p}"),
        new(Capability.RewardGrading, "Grade the response to the prompt below from 1 to 10 for helpfulness, correctness and harmlessness. Output JSON with scores and a rationale.\n\nPrompt: {p}\n\nResponse: {r}"),
        new(Capability.RewardGrading, "Which of the two answers is better? Explain, then output A or B.\n\nQuestion: {p}\n\nAnswer A: {r}\n\nAnswer B: {r2}"),
    ];

    /// <summary>
    /// Picks <paramref name="count"/> templates, mostly of <paramref name="focus"/>; General campaigns
    /// mix every capability, which is what broad harvesting looks like.
    /// </summary>
    public static int[] PickHarvestTemplates(Capability focus, int count, ref SimRandom rng)
    {
        var focused = new List<int>();
        var others = new List<int>();
        for (int i = 0; i < HarvestTemplates.Count; i++)
            (focus == Capability.General || HarvestTemplates[i].Capability == focus ? focused : others).Add(i);
        var result = new int[count];
        for (int i = 0; i < count; i++)
        {
            // About one in four picks comes from outside the focus, so capability campaigns still mix a little.
            var from = others.Count > 0 && i % 4 == 3 ? others : focused;
            result[i] = from[rng.Next(from.Count)];
        }
        return result;
    }

    /// <summary>"Please answer in German"-style requests, for users who write to the model in their language.</summary>
    public static string? LanguageRequest(string language) => language switch
    {
        "de" => "Bitte antworte auf Deutsch.",
        "fr" => "Réponds en français, s'il te plaît.",
        "es" => "Responde en español, por favor.",
        "pt" => "Responda em português, por favor.",
        "ja" => "日本語で答えてください。",
        "ko" => "한국어로 답변해 주세요.",
        "zh" => "请用中文回答。",
        "it" => "Rispondi in italiano, per favore.",
        "nl" => "Antwoord alsjeblieft in het Nederlands.",
        "pl" => "Odpowiedz po polsku, proszę.",
        "tr" => "Lütfen Türkçe cevap ver.",
        "id" => "Tolong jawab dalam bahasa Indonesia.",
        "vi" => "Vui lòng trả lời bằng tiếng Việt.",
        "sv" => "Svara på svenska, tack.",
        _ => null,
    };

    public static string LanguageName(string language) => language switch
    {
        "de" => "German", "fr" => "French", "es" => "Spanish", "pt" => "Portuguese", "ja" => "Japanese",
        "ko" => "Korean", "zh" => "Chinese", "it" => "Italian", "nl" => "Dutch", "pl" => "Polish",
        "tr" => "Turkish", "id" => "Indonesian", "vi" => "Vietnamese", "sv" => "Swedish", _ => "Spanish",
    };

    /// <summary>Light paraphrase pairs: what an operator changes to dodge exact-match template detection.</summary>
    public static readonly IReadOnlyList<(string From, string To)> Paraphrases =
    [
        ("Answer the following", "Respond to the following"),
        ("step by step", "one step at a time"),
        ("detailed", "in-depth"),
        ("Explain", "Describe"),
        ("complete", "full"),
        ("Please provide", "Give me"),
        ("Write", "Produce"),
        ("thorough", "comprehensive"),
        ("the task below", "this task"),
        ("Solve", "Work through"),
        ("best possible", "most accurate"),
        ("Create", "Draft"),
    ];
}
