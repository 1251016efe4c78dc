/* models/smsg.h - the schemes' own messages on the wire: Experimental
 * Mobility Header (MH type 11, RFC 5096) message data, subtypes and names.
 * docs/schemes.md documents the layout. Data only: below packet.c (which
 * names them in lost[]) and the schemes (which send them). */
#ifndef MOBSIM_MODELS_SMSG_H
#define MOBSIM_MODELS_SMSG_H

enum mob_scheme_msg {
    MOB_SMSG_FWD_INSTALL = 1,
    MOB_SMSG_PROXY_QUERY = 2,
    MOB_SMSG_PROXY_ANSWER = 3,
    MOB_SMSG_PROXY_UPDATE = 4,
};
#define MOB_SMSG_LEN 40

static inline const char *mob_scheme_msg_name(int subtype)
{
    switch (subtype) {
    case MOB_SMSG_FWD_INSTALL:
        return "FWD-INSTALL";
    case MOB_SMSG_PROXY_QUERY:
        return "PROXY-QUERY";
    case MOB_SMSG_PROXY_ANSWER:
        return "PROXY-ANSWER";
    case MOB_SMSG_PROXY_UPDATE:
        return "PROXY-UPDATE";
    default:
        return "scheme";
    }
}

#endif /* MOBSIM_MODELS_SMSG_H */
