using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;

namespace Moat.Evaluation;

/// <summary>Reads labels and a scan folder from disk and evaluates.</summary>
public static class ScanFolder
{
    public static EvalReport Evaluate(string labelsPath, string scanDir, ReadReport? report = null)
    {
        report ??= new ReadReport();
        var labels = RecordReader.Read(labelsPath, LabelCodec.Instance, report).ToList();
        var campaigns = CampaignsJson.Read(Path.Combine(scanDir, ScanOutputFiles.Campaigns));
        var scores = RecordReader.Read(Path.Combine(scanDir, ScanOutputFiles.AccountScores), AccountScoreCodec.Instance, report, requireRecords: false);
        return ScanEvaluator.Evaluate(labels, campaigns, scores);
    }
}
