//! Table definitions shared by both backends (kept in step with `migrations/*`).

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    agencies (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        kind -> Text,
        parent_id -> Nullable<Text>,
        depth -> Integer,
        status -> Text,
        merged_into_id -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        official_code -> Nullable<Text>,
        established_on -> Nullable<Date>,
        sector_ministry_id -> Nullable<Text>,
    }
}

diesel::table! {
    agency_versions (id) {
        id -> BigInt,
        agency_id -> Text,
        valid_from -> Timestamp,
        valid_to -> Nullable<Timestamp>,
        code -> Text,
        name -> Text,
        kind -> Text,
        parent_id -> Nullable<Text>,
        status -> Text,
        merged_into_id -> Nullable<Text>,
        sector_ministry_id -> Nullable<Text>,
    }
}

diesel::table! {
    task_versions (id) {
        id -> BigInt,
        task_id -> Text,
        valid_from -> Timestamp,
        valid_to -> Nullable<Timestamp>,
        resolution_id -> Text,
        parent_id -> Nullable<Text>,
        lead_agency_id -> Text,
        status -> Text,
        progress -> Double,
        weight -> Double,
        start_date -> Date,
        due_date -> Date,
    }
}

diesel::table! {
    agency_merges (id) {
        id -> Text,
        source_id -> Text,
        into_id -> Text,
        previous_parent_id -> Nullable<Text>,
        moved -> Text,
        merged_at -> Timestamp,
        merged_by -> Text,
        undone_at -> Nullable<Timestamp>,
        undone_by -> Nullable<Text>,
        effective_on -> Nullable<Date>,
        kind -> Text,
        share -> Double,
    }
}

diesel::table! {
    sector_closure (head_id, member_id) {
        head_id -> Text,
        member_id -> Text,
    }
}

diesel::table! {
    agency_closure (ancestor_id, descendant_id) {
        ancestor_id -> Text,
        descendant_id -> Text,
        depth -> Integer,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        display_name -> Text,
        agency_id -> Text,
        roles -> Text,
        password_hash -> Text,
        active -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        is_service -> Bool,
        email -> Nullable<Text>,
        notify -> Text,
        totp_secret -> Nullable<Text>,
        totp_enabled_at -> Nullable<Timestamp>,
        totp_last_step -> Nullable<BigInt>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
        client_address -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        second_factor -> Nullable<Text>,
        enrol_only -> Bool,
        login_method -> Text,
        id_token -> Nullable<Text>,
    }
}

diesel::table! {
    oidc_logins (state_hash) {
        state_hash -> Text,
        browser_hash -> Text,
        nonce -> Text,
        pkce_verifier -> Text,
        return_to -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    recovery_codes (user_id, code_hash) {
        user_id -> Text,
        code_hash -> Text,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Text,
        session_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    rate_limits (caller) {
        caller -> Text,
        tat_ms -> BigInt,
    }
}

diesel::table! {
    login_failures (id) {
        id -> Text,
        username -> Text,
        client_address -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        actor_name -> Text,
        actor_kind -> Text,
        action -> Text,
        entity_type -> Text,
        entity_id -> Text,
        agency_id -> Nullable<Text>,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        request_id -> Nullable<Text>,
    }
}

diesel::joinable!(users -> agencies (agency_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(recovery_codes -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));

diesel::table! {
    resolutions (id) {
        id -> Text,
        code -> Text,
        title -> Text,
        summary -> Text,
        issued_on -> Nullable<Date>,
        owner_agency_id -> Text,
        status -> Text,
        progress -> Double,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        report_frequency -> Nullable<Text>,
        report_due_day -> Nullable<Integer>,
    }
}

diesel::table! {
    tasks (id) {
        id -> Text,
        resolution_id -> Text,
        parent_id -> Nullable<Text>,
        code -> Text,
        title -> Text,
        description -> Text,
        lead_agency_id -> Text,
        start_date -> Date,
        due_date -> Date,
        status -> Text,
        weight -> Double,
        progress -> Double,
        depth -> Integer,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        health -> Text,
        parent_lead_agency_id -> Nullable<Text>,
        original_due_date -> Date,
        evaluation_due_date -> Date,
        completed_on -> Nullable<Date>,
        accepted_at -> Nullable<Timestamp>,
        accepted_by -> Nullable<Text>,
    }
}

diesel::table! {
    /// Maintained by triggers (see the `scope_task_stats` migration).
    scope_task_stats (scope_id, resolution_id, status, health) {
        scope_id -> Text,
        resolution_id -> Text,
        status -> Text,
        health -> Text,
        n -> BigInt,
        top_w -> Double,
        top_wp -> Double,
    }
}

diesel::table! {
    /// Maintained by the server (see the `scope_kpi_stats` migration).
    kpi_series_state (indicator_id, agency_id) {
        indicator_id -> Text,
        agency_id -> Text,
        achievement -> Text,
        reported -> Bool,
        timely -> Bool,
    }
}

diesel::table! {
    /// Maintained by triggers on `kpi_series_state`.
    scope_kpi_stats (scope_id) {
        scope_id -> Text,
        series -> BigInt,
        on_track -> BigInt,
        off_track -> BigInt,
        no_target -> BigInt,
        no_data -> BigInt,
        reported -> BigInt,
        timely -> BigInt,
    }
}

diesel::table! {
    task_coordinators (task_id, agency_id) {
        task_id -> Text,
        agency_id -> Text,
    }
}

diesel::table! {
    progress_reports (id) {
        id -> Text,
        task_id -> Text,
        period -> Text,
        revision -> Integer,
        progress -> Double,
        narrative -> Text,
        obstacles -> Text,
        proposals -> Text,
        agency_id -> Text,
        reported_by -> Text,
        created_at -> Timestamp,
        proposals_answer -> Nullable<Text>,
        proposals_answered_by -> Nullable<Text>,
        proposals_answered_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhooks (id) {
        id -> Text,
        api_key_id -> Text,
        url -> Text,
        events -> Text,
        secret -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        event -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_by -> Nullable<Text>,
        claimed_until -> Nullable<Timestamp>,
        last_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    removals (id) {
        id -> Text,
        entity_type -> Text,
        entity_id -> Text,
        reason -> Text,
        replaced_by -> Nullable<Text>,
        scope_agency_id -> Text,
        removed_at -> Timestamp,
    }
}

diesel::table! {
    resolution_committees (resolution_id) {
        resolution_id -> Text,
        standing_agency_id -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    resolution_committee_members (resolution_id, agency_id) {
        resolution_id -> Text,
        agency_id -> Text,
    }
}

diesel::joinable!(resolution_committee_members -> resolution_committees (resolution_id));
diesel::joinable!(tasks -> resolutions (resolution_id));
diesel::joinable!(task_coordinators -> tasks (task_id));
diesel::joinable!(progress_reports -> tasks (task_id));
diesel::joinable!(webhooks -> api_keys (api_key_id));
diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));

diesel::table! {
    indicators (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        description -> Text,
        indicator_group -> Text,
        unit -> Text,
        value_type -> Text,
        direction -> Text,
        aggregation -> Text,
        frequency -> Text,
        owner_agency_id -> Text,
        reporting_agency_kind -> Nullable<Text>,
        source_agency_id -> Nullable<Text>,
        task_id -> Nullable<Text>,
        drives_task_progress -> Bool,
        baseline_value -> Nullable<Double>,
        baseline_period -> Nullable<Text>,
        target_value -> Nullable<Double>,
        target_period -> Nullable<Text>,
        formula -> Nullable<Text>,
        definition -> Text,
        data_source -> Text,
        method -> Text,
        verification -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    indicator_reporters (indicator_id, agency_id) {
        indicator_id -> Text,
        agency_id -> Text,
    }
}

diesel::table! {
    indicator_targets (indicator_id, period, agency_id) {
        indicator_id -> Text,
        period -> Text,
        agency_id -> Text,
        value -> Double,
    }
}

diesel::table! {
    indicator_components (composite_id, component_id) {
        composite_id -> Text,
        component_id -> Text,
    }
}

diesel::table! {
    indicator_values (id) {
        id -> Text,
        indicator_id -> Text,
        agency_id -> Text,
        period -> Text,
        period_end -> Date,
        revision -> Integer,
        value -> Double,
        note -> Text,
        evidence_url -> Nullable<Text>,
        status -> Text,
        is_current -> Bool,
        counted -> Bool,
        created_by -> Text,
        submitted_by -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        approved_by -> Nullable<Text>,
        approved_at -> Nullable<Timestamp>,
        return_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        import_id -> Nullable<Text>,
    }
}

diesel::table! {
    indicator_sets (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        owner_agency_id -> Text,
        set_version -> Integer,
        status -> Text,
        published_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    indicator_set_items (set_id, indicator_id) {
        set_id -> Text,
        indicator_id -> Text,
        weight -> Double,
    }
}

diesel::joinable!(indicator_values -> indicators (indicator_id));
diesel::joinable!(indicator_set_items -> indicator_sets (set_id));

diesel::table! {
    api_keys (id) {
        id -> Text,
        name -> Text,
        user_id -> Text,
        agency_id -> Text,
        key_hash -> Text,
        key_prefix -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    imports (id) {
        id -> Text,
        kind -> Text,
        actor_id -> Text,
        actor_name -> Text,
        agency_id -> Text,
        idempotency_key -> Nullable<Text>,
        request_hash -> Nullable<Text>,
        dry_run -> Bool,
        status -> Text,
        created_count -> Integer,
        updated_count -> Integer,
        unchanged_count -> Integer,
        rejected_count -> Integer,
        errors_json -> Text,
        started_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    alerts (id) {
        id -> Text,
        kind -> Text,
        subject -> Text,
        severity -> Text,
        task_id -> Nullable<Text>,
        indicator_id -> Nullable<Text>,
        agency_id -> Text,
        message -> Text,
        status -> Text,
        raised_at -> Timestamp,
        updated_at -> Timestamp,
        acknowledged_by -> Nullable<Text>,
        acknowledged_at -> Nullable<Timestamp>,
        resolved_at -> Nullable<Timestamp>,
        message_en -> Text,
    }
}

diesel::table! {
    leases (name) {
        name -> Text,
        holder -> Text,
        expires_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    settings,
    recovery_codes,
    agency_versions,
    agency_merges,
    task_versions,
    scope_task_stats,
    kpi_series_state,
    scope_kpi_stats,
    agencies,
    agency_closure,
    sector_closure,
    users,
    sessions,
    refresh_tokens,
    login_failures,
    rate_limits,
    audit_log,
    resolutions,
    resolution_committees,
    resolution_committee_members,
    tasks,
    task_coordinators,
    progress_reports,
    removals,
    webhooks,
    webhook_deliveries,
    indicators,
    indicator_reporters,
    indicator_targets,
    indicator_components,
    indicator_values,
    indicator_sets,
    indicator_set_items,
    api_keys,
    imports,
    alerts,
    leases,
    attachment_blobs,
    attachments,
    evidence_links,
    directives,
    task_completions,
    task_requests,
    task_due_dates,
    reporting_calendars,
    reporting_calendar_levels,
    period_unlocks,
    notifications,
    mail_outbox,
    report_schedules,
    report_schedule_recipients,
    report_runs,
);

diesel::table! {
    attachment_blobs (sha256) {
        sha256 -> Text,
        size -> BigInt,
        media_type -> Text,
        content -> Binary,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        sha256 -> Text,
        filename -> Text,
        agency_id -> Text,
        uploaded_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    evidence_links (subject_type, subject_id, attachment_id) {
        subject_type -> Text,
        subject_id -> Text,
        attachment_id -> Text,
        position -> Integer,
    }
}

diesel::table! {
    directives (id) {
        id -> Text,
        task_id -> Nullable<Text>,
        indicator_id -> Nullable<Text>,
        agency_id -> Nullable<Text>,
        issuing_agency_id -> Text,
        issued_by -> Text,
        text -> Text,
        due_date -> Nullable<Date>,
        status -> Text,
        answer -> Nullable<Text>,
        answered_by -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        closed_by -> Nullable<Text>,
        closed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    task_completions (id) {
        id -> Text,
        task_id -> Text,
        summary -> Text,
        status -> Text,
        proposed_by -> Text,
        proposed_at -> Timestamp,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    task_requests (id) {
        id -> Text,
        task_id -> Text,
        kind -> Text,
        reason -> Text,
        due_date -> Nullable<Date>,
        status -> Text,
        requested_by -> Text,
        requested_at -> Timestamp,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        decision_reason -> Nullable<Text>,
    }
}

diesel::table! {
    task_due_dates (id) {
        id -> Text,
        task_id -> Text,
        due_date_before -> Date,
        due_date_after -> Date,
        reason -> Nullable<Text>,
        request_id -> Nullable<Text>,
        changed_by -> Text,
        changed_at -> Timestamp,
    }
}

diesel::joinable!(attachments -> attachment_blobs (sha256));
diesel::joinable!(directives -> tasks (task_id));
diesel::joinable!(directives -> indicators (indicator_id));
diesel::joinable!(task_completions -> tasks (task_id));
diesel::joinable!(task_requests -> tasks (task_id));
diesel::joinable!(task_due_dates -> tasks (task_id));
diesel::joinable!(evidence_links -> attachments (attachment_id));

diesel::table! {
    reporting_calendars (indicator_id) {
        indicator_id -> Text,
        report_days -> Integer,
        approval_days -> Nullable<Integer>,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reporting_calendar_levels (indicator_id, agency_kind) {
        indicator_id -> Text,
        agency_kind -> Text,
        report_days -> Integer,
    }
}

diesel::table! {
    period_unlocks (id) {
        id -> Text,
        indicator_id -> Text,
        agency_id -> Text,
        period -> Text,
        reason -> Text,
        open_until -> Date,
        granted_by -> Text,
        granted_at -> Timestamp,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        title -> Text,
        body -> Text,
        link -> Text,
        dedupe_key -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        mailed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Text,
        user_id -> Nullable<Text>,
        to_address -> Text,
        subject -> Text,
        body -> Text,
        kind -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_by -> Nullable<Text>,
        claimed_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(reporting_calendar_levels -> reporting_calendars (indicator_id));
diesel::joinable!(notifications -> users (user_id));

diesel::table! {
    report_schedules (id) {
        id -> Text,
        agency_id -> Text,
        resolution_id -> Nullable<Text>,
        period_kind -> Text,
        format -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        starts_on -> Date,
    }
}

diesel::table! {
    report_schedule_recipients (schedule_id, user_id) {
        schedule_id -> Text,
        user_id -> Text,
    }
}

diesel::table! {
    report_runs (id) {
        id -> Text,
        schedule_id -> Text,
        period_from -> Date,
        period_to -> Date,
        sha256 -> Text,
        filename -> Text,
        produced_at -> Timestamp,
    }
}

diesel::joinable!(report_schedule_recipients -> report_schedules (schedule_id));
diesel::joinable!(report_runs -> report_schedules (schedule_id));
diesel::joinable!(report_runs -> attachment_blobs (sha256));
diesel::joinable!(report_schedules -> agencies (agency_id));
