using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Validation;

namespace Moat.Contract.Tests.Validation;

/// <summary>`moat validate` must predict exactly what every command's reader will accept and reject.</summary>
public sealed class ValidatorAgreesWithReaderProperties
{
    private static readonly string[] ValidLines =
        [.. Encoding.UTF8.GetString(ContractSamples.Jsonl(ContractSamples.Exchanges(20, seed: 61), ExchangeCodec.Instance)).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static readonly string[] BadLines =
    [
        "{", "[]", "null", "not json", "{\"id\":\"x\"}", "   ", "", "\"s\"", "{\"id\":1,\"ts\":2}", "{}",
        """{"account_id":"a","label":"attack"}""", """{"account_id":"a","created_at":"2026-01-01T00:00:00Z"}""",
    ];

    private static readonly Gen<string> Line = Gen.OneOf(Gen.Elements(ValidLines), Gen.Elements(BadLines));

    [Fact]
    public void Validator_counts_what_the_reader_reads()
    {
        Prop.ForAll(Arb.From(Gen.ListOf(Line)), lines =>
        {
            using var dir = new TempDir();
            var path = dir.File("exchanges.jsonl", Encoding.UTF8.GetBytes(string.Join("\n", lines)));
            var readerReport = new ReadReport(1000);
            long read = RecordReader.Read(path, ExchangeCodec.Instance, readerReport, requireRecords: false).LongCount();
            var file = new ContractValidator(new ValidationOptions { Kind = ContractKind.Exchanges, KeepDiagnostics = 1000 }).Validate([path]).Files[0];
            return read == file.Report.Records
                && readerReport.BadLines == file.Report.BadLines
                && readerReport.FirstDiagnostics.SequenceEqual(file.Report.FirstDiagnostics)
                && file.Readable == read > 0;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }
}
