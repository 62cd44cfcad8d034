extern alias agent;
using System.Buffers;
using agent::ZtFleet.Agent.Modbus;

namespace ZtFleet.Tests.Agent;

/// <summary>Modbus/TCP frames as a stream delivers them: split, glued together, or not Modbus at all.</summary>
public sealed class MbapParserTests
{
    // Read holding registers: transaction 0x0102, unit 1, fc3, address 0, quantity 2.
    private static readonly byte[] ReadRequest = [0x01, 0x02, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x02];

    // Write single register: transaction 0x0103, unit 1, fc6, address 1, value 0x00FF.
    private static readonly byte[] WriteRequest = [0x01, 0x03, 0x00, 0x00, 0x00, 0x06, 0x01, 0x06, 0x00, 0x01, 0x00, 0xFF];

    [Fact]
    public void A_whole_frame_is_read_with_its_header_fields()
    {
        var buffer = new ReadOnlySequence<byte>(ReadRequest);

        Assert.Equal(MbapReadResult.Frame, MbapParser.TryRead(ref buffer, out var frame, out _));

        Assert.Equal((0x0102, 1, 3), (frame!.TransactionId, frame.UnitId, frame.FunctionCode));
        Assert.Equal(ReadRequest, frame.Bytes);
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(11)]
    public void A_partial_frame_needs_more_and_consumes_nothing(int length)
    {
        var buffer = new ReadOnlySequence<byte>(ReadRequest.AsMemory(0, length));

        Assert.Equal(MbapReadResult.NeedMore, MbapParser.TryRead(ref buffer, out var frame, out _));

        Assert.Null(frame);
        Assert.Equal(length, buffer.Length);
    }

    [Fact]
    public void A_frame_split_across_segments_is_read_whole()
    {
        var buffer = Segments(ReadRequest[..5], ReadRequest[5..9], ReadRequest[9..]);

        Assert.Equal(MbapReadResult.Frame, MbapParser.TryRead(ref buffer, out var frame, out _));
        Assert.Equal(ReadRequest, frame!.Bytes);
    }

    [Fact]
    public void Several_frames_in_one_read_come_out_one_by_one_in_order()
    {
        var buffer = new ReadOnlySequence<byte>([.. ReadRequest, .. WriteRequest, .. ReadRequest[..4]]);

        Assert.Equal(MbapReadResult.Frame, MbapParser.TryRead(ref buffer, out var first, out _));
        Assert.Equal(MbapReadResult.Frame, MbapParser.TryRead(ref buffer, out var second, out _));
        Assert.Equal(MbapReadResult.NeedMore, MbapParser.TryRead(ref buffer, out _, out _));

        Assert.Equal((3, 6), (first!.FunctionCode, second!.FunctionCode));
        Assert.Equal(4, buffer.Length);
    }

    [Fact]
    public void A_protocol_id_other_than_zero_is_not_modbus()
    {
        byte[] bytes = [.. ReadRequest];
        bytes[3] = 1;
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.Equal(MbapReadResult.Invalid, MbapParser.TryRead(ref buffer, out _, out var error));
        Assert.Contains("protocol id 1", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(0x1000)]
    public void An_impossible_length_is_not_modbus(int length)
    {
        byte[] bytes = [.. ReadRequest];
        bytes[4] = (byte)(length >> 8);
        bytes[5] = (byte)length;
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.Equal(MbapReadResult.Invalid, MbapParser.TryRead(ref buffer, out _, out var error));
        Assert.Contains($"length {length}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_exception_response_echoes_the_transaction_and_sets_the_high_bit()
    {
        var buffer = new ReadOnlySequence<byte>(WriteRequest);
        MbapParser.TryRead(ref buffer, out var frame, out _);

        Assert.Equal([0x01, 0x03, 0x00, 0x00, 0x00, 0x03, 0x01, 0x86, 0x01], frame!.ExceptionResponse());
    }

    private static ReadOnlySequence<byte> Segments(params byte[][] parts)
    {
        var first = new Segment(parts[0], 0);
        var last = first;
        foreach (var part in parts.Skip(1))
        {
            last = last.Append(part);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
