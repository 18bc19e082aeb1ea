using Moat.Simulation.Randomness;

namespace Moat.Simulation.Population;

/// <summary>A client library as the provider sees it: user agent, TLS hello fingerprint and endpoint.</summary>
public sealed record ClientSoftware(string UserAgent, string TlsFingerprint, string Endpoint);

/// <summary>Clients seen in API logs. Each SDK version pins one TLS stack, so UA and JA4 go together.</summary>
public static class ClientCatalog
{
    public static readonly IReadOnlyList<ClientSoftware> Sdks =
    [
        new("anthropic-sdk-python/0.39.0", "t13d1516h2_8daaf6152771_02713d6af862", "/v1/messages"),
        new("anthropic-sdk-python/0.42.1", "t13d1516h2_8daaf6152771_02713d6af862", "/v1/messages"),
        new("anthropic-sdk-typescript/0.32.1", "t13d1715h2_5b57614c22b0_3d5424432f57", "/v1/messages"),
        new("openai-python/1.54.3", "t13d1516h2_8daaf6152771_e5627efa2ab1", "/v1/chat/completions"),
        new("openai-node/4.71.0", "t13d1715h2_5b57614c22b0_93ff4c5d2ddb", "/v1/chat/completions"),
        new("python-httpx/0.27.0", "t13d1516h2_8daaf6152771_02713d6af862", "/v1/messages"),
        new("python-requests/2.32.3", "t13d1312h2_f57a46bbacb6_ab14cf4ab8c3", "/v1/chat/completions"),
        new("curl/8.5.0", "t13d3112h2_e8f1e7e78f70_6bebaf5329ac", "/v1/messages"),
        new("Go-http-client/2.0", "t13d1310h2_e8f1e7e78f70_b26ce05bbdd6", "/v1/messages"),
        new("langchain-anthropic/0.3.0 anthropic-sdk-python/0.39.0", "t13d1516h2_8daaf6152771_02713d6af862", "/v1/messages"),
        new("okhttp/4.12.0", "t13d1614h2_2b729b4bf6f3_d8b6fd9e6bc9", "/v1/chat/completions"),
    ];

    /// <summary>Agent frameworks add their own name to the user agent.</summary>
    public static readonly IReadOnlyList<ClientSoftware> AgentFrameworks =
    [
        new("langgraph/0.2.45 anthropic-sdk-python/0.39.0", "t13d1516h2_8daaf6152771_02713d6af862", "/v1/messages"),
        new("crewai/0.80.0 openai-python/1.54.3", "t13d1516h2_8daaf6152771_e5627efa2ab1", "/v1/chat/completions"),
        new("autogen/0.4.0 openai-python/1.54.3", "t13d1516h2_8daaf6152771_e5627efa2ab1", "/v1/chat/completions"),
        new("llama-index/0.12.2 anthropic-sdk-python/0.42.1", "t13d1516h2_8daaf6152771_02713d6af862", "/v1/messages"),
    ];

    /// <summary>Browser-based third-party chat front ends calling the API directly.</summary>
    public static readonly IReadOnlyList<ClientSoftware> Apps =
    [
        new("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "t13d1516h2_8daaf6152771_b1ff8ab2d16f", "/v1/messages"),
        new("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "t13d2014h2_a09f3c656075_14788d8d241b", "/v1/messages"),
        new("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "t13d1715h2_5b57614c22b0_7121afd63204", "/v1/chat/completions"),
        new("ChatBox/1.9.1 (Android 14)", "t13d1614h2_2b729b4bf6f3_d8b6fd9e6bc9", "/v1/chat/completions"),
    ];

    public static ClientSoftware PickCasual(ref SimRandom rng) => rng.Chance(0.55) ? rng.Pick(Apps) : rng.Pick(Sdks);
}
