using Moat.Simulation.Randomness;

namespace Moat.Simulation.Content;

/// <summary>
/// Slot-filled everyday prompts. The built-in corpus has only 50 real conversations; without these,
/// thousands of unrelated casual users would send the same few prompts, which real traffic does not
/// and which would hand a detector false "shared template" links between strangers.
/// </summary>
public static class OrganicPrompts
{
    private static readonly string[] Templates =
    [
        "What's a good {dish} recipe for {n} people?",
        "Explain {concept} like I'm {age} years old.",
        "Write a short {form} about {topic}.",
        "How do I fix \"{error}\" in {tool}?",
        "Can you help me write an email to my {person} about {topic}?",
        "What are the pros and cons of {choiceA} vs {choiceB}?",
        "Give me a {n}-day itinerary for {city}.",
        "Summarize the main ideas of {concept} in a few bullet points.",
        "I have {ingredient}, {ingredient2} and rice. What can I cook tonight?",
        "How long does it take to learn {skill} if I practise {n} hours a week?",
        "my {device} keeps {symptom}, what should i do",
        "Is it normal that my {device} is {symptom}?",
        "Translate \"{phrase}\" into {language}.",
        "Suggest {n} names for a {pet} that is very {trait}.",
        "What should I consider before buying a {purchase}?",
        "Write a {tool} function that {task}.",
        "why is {concept} important",
        "Help me plan a birthday party for my {person} who loves {topic}.",
        "Can you check the grammar of this: \"{phrase}\"",
        "What is the difference between {choiceA} and {choiceB}?",
        "Make a weekly workout plan for someone who wants to {goal}.",
        "Give me {n} interview questions for a {job} position.",
        "Rewrite this to sound more {trait}: \"{phrase}\"",
        "What happened in {event}? Keep it short.",
    ];

    private static readonly Dictionary<string, string[]> Slots = new(StringComparer.Ordinal)
    {
        ["dish"] = ["lasagna", "chicken curry", "vegan chili", "pancake", "ramen", "paella", "banana bread", "stir fry", "shakshuka", "lentil soup", "tacos", "risotto"],
        ["n"] = ["2", "3", "4", "5", "6", "7", "8", "10", "12"],
        ["concept"] = ["inflation", "quantum entanglement", "compound interest", "photosynthesis", "blockchain", "the Krebs cycle", "machine learning", "supply and demand", "black holes", "the electoral college", "recursion", "vaccines", "plate tectonics", "the stock market", "climate feedback loops", "public-key cryptography"],
        ["age"] = ["5", "8", "10", "12", "15"],
        ["form"] = ["poem", "story", "limerick", "haiku", "speech", "song", "toast", "LinkedIn post"],
        ["topic"] = ["the ocean", "my cat", "moving to a new city", "coffee", "friendship", "autumn", "a job promotion", "football", "space travel", "gardening", "retirement", "video games", "a rainy Monday", "learning to drive"],
        ["error"] = ["ModuleNotFoundError: No module named 'numpy'", "CORS policy: No 'Access-Control-Allow-Origin' header", "NullReferenceException", "permission denied (publickey)", "Segmentation fault (core dumped)", "ERR_CONNECTION_REFUSED", "TypeError: undefined is not a function", "error: failed to push some refs"],
        ["tool"] = ["Python", "JavaScript", "Excel", "C#", "Docker", "git", "React", "SQL", "Bash", "Rust"],
        ["person"] = ["boss", "landlord", "teacher", "neighbour", "sister", "colleague", "dad", "best friend", "wife", "husband"],
        ["choiceA"] = ["renting", "an iPhone", "Python", "a gas car", "index funds", "remote work", "Postgres", "a Kindle"],
        ["choiceB"] = ["buying", "an Android phone", "JavaScript", "an electric car", "individual stocks", "office work", "MongoDB", "paper books"],
        ["city"] = ["Lisbon", "Tokyo", "Mexico City", "Rome", "Seoul", "Istanbul", "New York", "Cape Town", "Hanoi", "Prague", "Buenos Aires", "Vancouver"],
        ["ingredient"] = ["eggs", "spinach", "chickpeas", "tofu", "salmon", "mushrooms", "ground beef", "zucchini"],
        ["ingredient2"] = ["feta", "tomatoes", "coconut milk", "bell peppers", "potatoes", "onions", "lemons", "cheddar"],
        ["skill"] = ["Spanish", "the guitar", "programming", "chess", "drawing", "swimming", "Japanese", "the piano", "data analysis"],
        ["device"] = ["laptop", "phone", "router", "printer", "dishwasher", "car", "headphones", "smart TV"],
        ["symptom"] = ["overheating", "restarting randomly", "losing wifi", "making a clicking noise", "draining battery fast", "freezing", "very slow"],
        ["phrase"] = ["where is the nearest train station", "thank you for your patience", "I would like to book a table for two", "their going to announce it tomorrow", "me and him was late to the meeting", "happy birthday, have a wonderful year"],
        ["language"] = ["Spanish", "French", "German", "Japanese", "Italian", "Portuguese", "Korean", "Dutch", "Turkish", "Polish"],
        ["pet"] = ["cat", "dog", "hamster", "parrot", "goldfish", "rabbit"],
        ["trait"] = ["lazy", "playful", "grumpy", "elegant", "curious", "professional", "friendly", "confident", "polite"],
        ["purchase"] = ["used car", "laptop for university", "house", "road bike", "mattress", "standing desk", "camera"],
        ["task"] = ["removes duplicates from a list", "checks if a string is a palindrome", "reads a CSV file and sums a column", "converts Celsius to Fahrenheit", "finds the largest file in a folder", "validates an email address"],
        ["goal"] = ["lose weight", "run a 10k", "build muscle", "improve flexibility", "get back in shape after an injury"],
        ["job"] = ["junior developer", "nurse", "sales manager", "data analyst", "teacher", "barista", "product manager"],
        ["event"] = ["the 2008 financial crisis", "the fall of the Berlin Wall", "the Apollo 11 mission", "the French Revolution", "the Chernobyl disaster"],
    };

    private static readonly string[] FollowUps =
    [
        "Thanks! Can you make it shorter?",
        "Can you explain that more simply?",
        "Great, now give me an example.",
        "What if I only have half the time?",
        "Could you put that in a table?",
        "ok and what about the cost?",
        "Can you make it funnier?",
        "Why is that?",
    ];

    /// <summary>Everyday questions written in the user's own language (hand-written, a few per language).</summary>
    private static readonly Dictionary<string, string[]> Native = new(StringComparer.Ordinal)
    {
        ["de"] = ["Wie schreibe ich eine höfliche Kündigung für meine Wohnung?", "Erkläre mir den Unterschied zwischen Brutto und Netto beim Gehalt.", "Was kann ich heute Abend mit Kartoffeln und Quark kochen?", "Kannst du diesen Satz grammatikalisch prüfen: \"Ich habe gestern nach Berlin gefahren.\"", "Welche Sehenswürdigkeiten sollte ich in Hamburg an einem Wochenende besuchen?"],
        ["fr"] = ["Comment rédiger une lettre de motivation pour un stage en marketing ?", "Explique-moi simplement ce qu'est l'inflation.", "Quelle est la différence entre le passé composé et l'imparfait ?", "Propose-moi un menu végétarien pour quatre personnes.", "Comment réparer une chasse d'eau qui fuit ?"],
        ["es"] = ["¿Cómo puedo mejorar mi currículum para un puesto de programador?", "Explícame qué es la fotosíntesis como si tuviera diez años.", "Dame una receta fácil de tortilla de patatas.", "¿Qué diferencia hay entre 'ser' y 'estar'?", "Escribe un mensaje de cumpleaños para mi abuela."],
        ["pt"] = ["Como faço para declarar o imposto de renda pela primeira vez?", "Me explique o que é juros compostos com um exemplo.", "Quais são os melhores lugares para visitar em Lisboa em três dias?", "Escreva um e-mail pedindo um aumento de salário.", "Como cuidar de uma planta suculenta?"],
        ["ja"] = ["敬語を使ったお礼のメールの書き方を教えてください。", "量子コンピュータとは何ですか？簡単に説明してください。", "一週間の節約レシピを考えてください。", "京都で一日観光するならどこがおすすめですか？", "Pythonでリストの重複を削除する方法は？"],
        ["zh"] = ["如何写一封请假邮件给老板？", "请用简单的话解释什么是区块链。", "推荐几本适合初学者的理财书。", "帮我制定一个每周健身计划。", "Python 里怎么读取 CSV 文件？"],
        ["ko"] = ["자기소개서를 잘 쓰는 방법을 알려주세요.", "인플레이션이 무엇인지 쉽게 설명해 주세요.", "김치찌개 맛있게 끓이는 법 알려줘.", "서울에서 주말에 갈 만한 곳 추천해 줘.", "엑셀에서 VLOOKUP 사용법을 알려주세요."],
        ["it"] = ["Come si scrive una lettera di reclamo formale?", "Spiegami la differenza tra IRPEF e IVA.", "Dammi una ricetta veloce per la carbonara.", "Cosa vedere a Napoli in due giorni?", "Come posso migliorare la mia pronuncia inglese?"],
    };

    /// <summary>A question in <paramref name="language"/>, or null when there are none for it.</summary>
    public static string? InLanguage(string language, long conversation)
    {
        if (!Native.TryGetValue(language, out var prompts)) return null;
        return prompts[(int)((ulong)conversation % (ulong)prompts.Length)];
    }

    /// <summary>A prompt for <paramref name="turn"/> of a composed conversation keyed by <paramref name="conversation"/>.</summary>
    public static string Compose(long conversation, int turn, ref SimRandom rng)
    {
        if (turn > 0) return rng.Pick(FollowUps);
        var slots = new SimRandom((ulong)conversation);
        string template = Templates[slots.Next(Templates.Length)];
        int start = template.IndexOf('{');
        if (start < 0) return template;
        var sb = new System.Text.StringBuilder(template.Length + 32);
        int at = 0;
        while (start >= 0)
        {
            int end = template.IndexOf('}', start);
            sb.Append(template, at, start - at);
            var values = Slots[template[(start + 1)..end]];
            sb.Append(values[slots.Next(values.Length)]);
            at = end + 1;
            start = template.IndexOf('{', at);
        }
        sb.Append(template, at, template.Length - at);
        return sb.ToString();
    }

    /// <summary>How many distinct first prompts the slot templates can produce (for docs and tests).</summary>
    public static long Combinations()
    {
        long total = 0;
        foreach (var t in Templates)
        {
            long n = 1;
            int start = t.IndexOf('{');
            while (start >= 0)
            {
                int end = t.IndexOf('}', start);
                n *= Slots[t[(start + 1)..end]].Length;
                start = t.IndexOf('{', end);
            }
            total += n;
        }
        return total;
    }
}
