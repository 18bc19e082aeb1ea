namespace Moat.Contract.Validation;

/// <summary>A consistency problem between files: counted, not fatal (the contract lets a scan run with unknown accounts).</summary>
public sealed record ConsistencyWarning(string Code, long Count, string Detail, IReadOnlyList<string> Examples);

/// <summary>
/// Collects account ids from every validated file and compares them at the end. Memory grows with the
/// number of accounts, never with the number of exchanges.
/// </summary>
public sealed class CrossFileCheck
{
    public const string ExchangeAccountUnknown = "exchange_account_unknown";
    public const string LabelAccountUnknown = "label_account_unknown";
    public const string ExchangeAccountUnlabelled = "exchange_account_unlabelled";
    public const string DuplicateAccount = "duplicate_account";
    public const string DuplicateLabel = "duplicate_label";

    private const int ExampleCount = 5;

    private readonly HashSet<string> _accounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _labelled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _exchangesPerAccount = new(StringComparer.Ordinal);
    private readonly List<string> _duplicateAccounts = [];
    private readonly List<string> _duplicateLabels = [];
    private long _duplicateAccountCount;
    private long _duplicateLabelCount;
    private bool _sawAccountsFile;
    private bool _sawLabelsFile;
    private bool _sawExchangesFile;

    /// <summary>Notes that a file of this kind took part, so that "not in accounts" means something.</summary>
    public void AddFile(ContractKind kind)
    {
        switch (kind)
        {
            case ContractKind.Accounts: _sawAccountsFile = true; break;
            case ContractKind.Labels: _sawLabelsFile = true; break;
            case ContractKind.Exchanges: _sawExchangesFile = true; break;
        }
    }

    public void Add(ContractKind kind, string accountId)
    {
        switch (kind)
        {
            case ContractKind.Accounts:
                if (!_accounts.Add(accountId))
                {
                    _duplicateAccountCount++;
                    if (_duplicateAccounts.Count < ExampleCount) _duplicateAccounts.Add(accountId);
                }
                break;
            case ContractKind.Labels:
                if (!_labelled.Add(accountId))
                {
                    _duplicateLabelCount++;
                    if (_duplicateLabels.Count < ExampleCount) _duplicateLabels.Add(accountId);
                }
                break;
            case ContractKind.Exchanges:
                _exchangesPerAccount[accountId] = _exchangesPerAccount.GetValueOrDefault(accountId) + 1;
                break;
        }
    }

    public IReadOnlyList<ConsistencyWarning> Warnings()
    {
        var warnings = new List<ConsistencyWarning>();
        if (_duplicateAccountCount > 0)
        {
            warnings.Add(new(DuplicateAccount, _duplicateAccountCount,
                $"{_duplicateAccountCount:N0} account lines repeat an account_id already listed", _duplicateAccounts));
        }
        if (_duplicateLabelCount > 0)
        {
            warnings.Add(new(DuplicateLabel, _duplicateLabelCount,
                $"{_duplicateLabelCount:N0} label lines repeat an account_id already labelled", _duplicateLabels));
        }
        if (_sawAccountsFile && _sawExchangesFile)
        {
            long exchanges = 0;
            var unknown = new List<string>();
            foreach (var (account, count) in _exchangesPerAccount)
            {
                if (_accounts.Contains(account)) continue;
                exchanges += count;
                unknown.Add(account);
            }
            if (unknown.Count > 0)
            {
                warnings.Add(new(ExchangeAccountUnknown, exchanges,
                    $"{exchanges:N0} exchanges come from {unknown.Count:N0} accounts that are not in the accounts file (a scan counts them as unknown accounts)",
                    Examples(unknown)));
            }
        }
        if (_sawAccountsFile && _sawLabelsFile)
        {
            var unknown = _labelled.Where(a => !_accounts.Contains(a)).ToList();
            if (unknown.Count > 0)
            {
                warnings.Add(new(LabelAccountUnknown, unknown.Count,
                    $"{unknown.Count:N0} labelled accounts are not in the accounts file", Examples(unknown)));
            }
        }
        if (_sawLabelsFile && _sawExchangesFile)
        {
            var unlabelled = _exchangesPerAccount.Keys.Where(a => !_labelled.Contains(a)).ToList();
            if (unlabelled.Count > 0)
            {
                warnings.Add(new(ExchangeAccountUnlabelled, unlabelled.Count,
                    $"{unlabelled.Count:N0} accounts with exchanges have no label (eval cannot score them)", Examples(unlabelled)));
            }
        }
        return warnings;
    }

    // Sorted so that the same input always names the same examples.
    private static List<string> Examples(List<string> ids)
    {
        ids.Sort(StringComparer.Ordinal);
        return ids.Count <= ExampleCount ? ids : ids.GetRange(0, ExampleCount);
    }
}
