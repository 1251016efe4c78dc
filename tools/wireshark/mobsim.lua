-- tools/wireshark/mobsim.lua - Wireshark/tshark dissector for mobsim's scheme
-- messages: Experimental Mobility Header messages (MH type 11, RFC 5096)
-- whose message data has the layout of docs/schemes.md (models/smsg.h):
--
--   byte  0      subtype: 1 FWD-INSTALL, 2 PROXY-QUERY, 3 PROXY-ANSWER,
--                4 PROXY-UPDATE
--   byte  1      reserved, 0
--   bytes 2-3    id (proxy query id; 0 for FWD-INSTALL)
--   bytes 4-7    lifetime in ms (FWD-INSTALL), else 0
--   bytes 8-23   FWD-INSTALL: old CoA; PROXY-*: the mobile host's home address
--   bytes 24-39  FWD-INSTALL: new CoA; ANSWER/UPDATE: its current CoA;
--                QUERY: zero
--
-- Use:  tshark -X lua_script:tools/wireshark/mobsim.lua -r fig5.pcap -Y mobsim
--       (or copy it to ~/.local/lib/wireshark/plugins/; docs/wireshark.md)
--
-- Wireshark's own Mobile IPv6 dissector still dissects every Mobility
-- Header: this one takes IP protocol 135, hands the packet to it, and for
-- MH type 11 adds a "mobsim scheme message" tree with the fields below.
-- The message data starts after the MH's 6 fixed bytes (payload proto,
-- header length, type, reserved, checksum: RFC 6275 §6.1.1).

local MH_EXPERIMENTAL = 11
local MH_FIXED = 6      -- bytes before the message data
local SMSG_LEN = 40     -- MOB_SMSG_LEN

local subtypes = {
    [1] = "FWD-INSTALL",
    [2] = "PROXY-QUERY",
    [3] = "PROXY-ANSWER",
    [4] = "PROXY-UPDATE",
}

local p = Proto("mobsim", "mobsim scheme message")
local f = {
    subtype  = ProtoField.uint8("mobsim.subtype", "Subtype", base.DEC, subtypes),
    reserved = ProtoField.uint8("mobsim.reserved", "Reserved", base.HEX),
    id       = ProtoField.uint16("mobsim.id", "Query id", base.DEC),
    lifetime = ProtoField.uint32("mobsim.lifetime", "Lifetime (ms)", base.DEC),
    old_coa  = ProtoField.ipv6("mobsim.old_coa", "Old care-of address"),
    new_coa  = ProtoField.ipv6("mobsim.new_coa", "New care-of address"),
    hoa      = ProtoField.ipv6("mobsim.hoa", "Home address"),
    coa      = ProtoField.ipv6("mobsim.coa", "Current care-of address"),
    zero     = ProtoField.bytes("mobsim.zero", "Zero (unused)"),
}
p.fields = { f.subtype, f.reserved, f.id, f.lifetime, f.old_coa, f.new_coa, f.hoa, f.coa, f.zero }

local e_short = ProtoExpert.new("mobsim.short", "Message data shorter than 40 bytes",
                                expert.group.MALFORMED, expert.severity.ERROR)
local e_subtype = ProtoExpert.new("mobsim.unknown_subtype", "Unknown mobsim subtype",
                                  expert.group.PROTOCOL, expert.severity.WARN)
p.experts = { e_short, e_subtype }

local ip_proto = DissectorTable.get("ip.proto")
local mip6 = ip_proto:get_dissector(135)

local function summary(st, d)
    local a1 = tostring(d(8, 16):ipv6())
    local a2 = tostring(d(24, 16):ipv6())
    if st == 1 then
        return string.format("FWD-INSTALL %s -> %s, lifetime %u ms", a1, a2, d(4, 4):uint())
    elseif st == 2 then
        return string.format("PROXY-QUERY id %u for %s", d(2, 2):uint(), a1)
    elseif st == 3 or st == 4 then
        return string.format("%s id %u: %s at %s", subtypes[st], d(2, 2):uint(), a1, a2)
    end
    return string.format("mobsim subtype %u", st)
end

local function dissect_smsg(tvb, pinfo, tree)
    local data = tvb(MH_FIXED)
    local t = tree:add(p, data)
    if data:len() < SMSG_LEN then
        t:add_proto_expert_info(e_short)
        return
    end
    local d = data:tvb()
    local st = d(0, 1):uint()
    t:add(f.subtype, d(0, 1))
    t:add(f.reserved, d(1, 1))
    t:add(f.id, d(2, 2))
    t:add(f.lifetime, d(4, 4))
    if st == 1 then
        t:add(f.old_coa, d(8, 16))
        t:add(f.new_coa, d(24, 16))
    elseif st == 2 then
        t:add(f.hoa, d(8, 16))
        t:add(f.zero, d(24, 16))
    elseif st == 3 or st == 4 then
        t:add(f.hoa, d(8, 16))
        t:add(f.coa, d(24, 16))
    else
        t:add_proto_expert_info(e_subtype)
    end
    local text = summary(st, d)
    t:append_text(": " .. text)
    pinfo.cols.protocol = "mobsim"
    pinfo.cols.info = text
end

function p.dissector(tvb, pinfo, tree)
    local n = mip6 and mip6:call(tvb, pinfo, tree) or 0
    if tvb:len() > MH_FIXED and tvb(2, 1):uint() == MH_EXPERIMENTAL then
        dissect_smsg(tvb, pinfo, tree)
    end
    return n
end

ip_proto:add(135, p)
