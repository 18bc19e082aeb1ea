using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Moat.Contract.Json;

namespace Moat.Contract.Io;

/// <summary>Writes records as JSON lines, plain or gzip (by the <c>.gz</c> name), through one reused buffer.</summary>
public sealed class RecordWriter<T> : IDisposable
{
    // Relaxed escaping keeps non-ASCII prompts readable and files small; HTML output escapes on its own.
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly Stream _stream;
    private readonly IRecordCodec<T> _codec;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly Utf8JsonWriter _json;

    public RecordWriter(Stream stream, IRecordCodec<T> codec)
    {
        _stream = stream;
        _codec = codec;
        _json = new Utf8JsonWriter(_buffer, Options);
    }

    public static RecordWriter<T> Create(string path, IRecordCodec<T> codec) => new(ContractInput.Create(path), codec);

    public long Count { get; private set; }

    public void Write(T record)
    {
        _codec.Write(_json, record);
        _json.Flush();
        _json.Reset();
        _buffer.Write("\n"u8);
        Count++;
        if (_buffer.WrittenCount >= 1 << 16) FlushBuffer();
    }

    private void FlushBuffer()
    {
        _stream.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }

    public void Dispose()
    {
        FlushBuffer();
        _json.Dispose();
        _stream.Dispose();
    }
}
