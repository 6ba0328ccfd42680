/**
 * Picks the departments to invite to a joint round (联合抽查) by name: the admin types part of
 * a name (or code) and chooses from what the server finds; the value is the list of codes.
 */
import { Select } from "antd";
import { useState } from "react";
import { useDepartmentSearch } from "../../api/joint";
import { useI18n } from "../../i18n";

interface Props {
  /** Set by Form.Item so its label points at the search input. */
  id?: string;
  value?: string[];
  onChange?: (codes: string[]) => void;
}

export function DepartmentPicker({ id, value, onChange }: Props) {
  const { t } = useI18n();
  const [q, setQ] = useState("");
  // Labels of departments seen in any answer, so chosen ones keep their names.
  const [labels, setLabels] = useState<Map<string, string>>(new Map());
  const found = useDepartmentSearch(q);
  const items = found.data?.items ?? [];
  const options = [
    ...(value ?? [])
      .filter((code) => !items.some((d) => d.code === code))
      .map((code) => ({ value: code, label: labels.get(code) ?? code })),
    ...items.map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` })),
  ];
  return (
    <Select
      id={id}
      mode="multiple"
      showSearch
      filterOption={false}
      allowClear
      value={value ?? []}
      placeholder={t("joint.pickPlaceholder")}
      notFoundContent={q.trim() === "" ? t("joint.typeToSearch") : t("joint.noDepartments")}
      loading={found.isFetching}
      onSearch={setQ}
      onChange={(codes: string[]) => {
        const next = new Map(labels);
        for (const d of items) next.set(d.code, `${d.name}（${d.code}）`);
        setLabels(next);
        setQ("");
        onChange?.(codes);
      }}
      options={options}
      data-field="joint-departments"
    />
  );
}
