using System.Text.Json;

namespace Moat.Contract.Json;

/// <summary>Reads and writes one record type of the contract as one JSON object.</summary>
public interface IRecordCodec<T>
{
    /// <summary>Parses one line. Throws <see cref="Io.RecordFormatException"/> or <see cref="JsonException"/> on bad input.</summary>
    T Parse(ReadOnlySpan<byte> utf8Line);

    void Write(Utf8JsonWriter writer, T record);
}
