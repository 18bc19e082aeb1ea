namespace Moat.Contract.Validation;

/// <summary>The record files of the data contract that <c>validate</c> understands.</summary>
public enum ContractKind
{
    Exchanges,
    Accounts,
    Labels,
}

public static class ContractKinds
{
    /// <summary>In the order a sniffer tries them: the kind with the most required fields first, so a
    /// richer record is never mistaken for a poorer one that happens to share its fields.</summary>
    public static readonly IReadOnlyList<ContractKind> All = [ContractKind.Exchanges, ContractKind.Accounts, ContractKind.Labels];

    public static string Name(ContractKind kind) => kind switch
    {
        ContractKind.Exchanges => "exchanges",
        ContractKind.Accounts => "accounts",
        ContractKind.Labels => "labels",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string text, out ContractKind kind)
    {
        foreach (var k in All)
        {
            if (string.Equals(text, Name(k), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>A hint from the file name (<c>exchanges.jsonl.gz</c>, <c>my-accounts.jsonl</c>), used only when no record reveals the kind.</summary>
    public static ContractKind? FromFileName(string path)
    {
        var name = Path.GetFileName(path);
        if (name.Contains("exchange", StringComparison.OrdinalIgnoreCase)) return ContractKind.Exchanges;
        if (name.Contains("account", StringComparison.OrdinalIgnoreCase)) return ContractKind.Accounts;
        if (name.Contains("label", StringComparison.OrdinalIgnoreCase)) return ContractKind.Labels;
        return null;
    }
}
