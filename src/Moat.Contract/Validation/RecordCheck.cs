using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;

namespace Moat.Contract.Validation;

/// <summary>Checks one line against one kind of record, keeping only what cross-file checks need.</summary>
public sealed class RecordCheck
{
    private readonly Func<ReadOnlySpan<byte>, (bool Ok, string? AccountId, string Problem, string Detail)> _check;

    private RecordCheck(ContractKind kind, Func<ReadOnlySpan<byte>, (bool, string?, string, string)> check)
    {
        Kind = kind;
        _check = check;
    }

    public ContractKind Kind { get; }

    public static readonly RecordCheck Exchanges = Create(ContractKind.Exchanges, ExchangeCodec.Instance, e => e.AccountId);
    public static readonly RecordCheck Accounts = Create(ContractKind.Accounts, AccountCodec.Instance, a => a.AccountId);
    public static readonly RecordCheck Labels = Create(ContractKind.Labels, LabelCodec.Instance, l => l.AccountId);

    public static RecordCheck For(ContractKind kind) => kind switch
    {
        ContractKind.Exchanges => Exchanges,
        ContractKind.Accounts => Accounts,
        ContractKind.Labels => Labels,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>True when <paramref name="line"/> is a valid record of this kind; otherwise the problem code and detail.</summary>
    public bool TryCheck(ReadOnlySpan<byte> line, out string? accountId, out string problem, out string detail)
    {
        (bool ok, accountId, problem, detail) = _check(line);
        return ok;
    }

    private static RecordCheck Create<T>(ContractKind kind, IRecordCodec<T> codec, Func<T, string> accountId) =>
        new(kind, line => RecordReader.TryParse(line, codec, out T? record, out string problem, out string detail)
            ? (true, accountId(record!), string.Empty, string.Empty)
            : (false, null, problem, detail));
}
